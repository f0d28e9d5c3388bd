package io.audiojobs.api.events;

import io.audiojobs.api.http.ApiError;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many push streams (server-sent events, WebSockets) one user and this whole API node hold
 * open at once (EVENT_STREAMS_PER_USER, EVENT_STREAMS_PER_NODE). Each open stream holds a permit
 * and gives it back when it ends; past either limit a new stream is refused with 429.
 */
public final class StreamQuota {
    /** Seconds a refused client should wait: streams whose client went away are noticed by the next keep-alive. */
    public static final int RETRY_AFTER_SECONDS = 15;

    /** One open stream's share; closing it more than once gives it back once. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final int perUser;
    private final int perNode;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Integer> openByUser = new ConcurrentHashMap<>();

    public StreamQuota(int perUser, int perNode) {
        this.perUser = perUser;
        this.perNode = perNode;
    }

    /** A permit for one more stream of the user, or ApiError 429 TOO_MANY_STREAMS. */
    public Permit acquire(String user) {
        if (open.incrementAndGet() > perNode) {
            open.decrementAndGet();
            throw tooMany("This server holds as many event streams as it may (" + perNode + "); retry later.");
        }
        boolean[] granted = {false};
        openByUser.compute(user, (u, count) -> {
            int held = count == null ? 0 : count;
            granted[0] = held < perUser;
            return granted[0] ? held + 1 : count;
        });
        if (!granted[0]) {
            open.decrementAndGet();
            throw tooMany("You have " + perUser + " event streams open, the most one user may; close one first.");
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                openByUser.computeIfPresent(user, (u, count) -> count <= 1 ? null : count - 1);
                open.decrementAndGet();
            }
        };
    }

    /** Streams open on this node. */
    public int open() {
        return open.get();
    }

    private static ApiError tooMany(String message) {
        return new ApiError(429, "TOO_MANY_STREAMS", message);
    }
}
