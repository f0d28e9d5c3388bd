package io.audiojobs.api.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.audiojobs.api.auth.AuthFilter;
import io.javalin.http.Context;

import java.time.Duration;

/**
 * Per-user rate limit on writes (POST, PUT, PATCH, DELETE), a token bucket per user on this API
 * node: {@code perMinute} tokens refilled evenly, bursts up to the same number. Beyond it, 429 with
 * Retry-After. Reads are not limited. With several API nodes each enforces its own bucket.
 *
 * <p>Buckets live in a bounded cache: one untouched for a minute is full again, so it is
 * forgotten (a new one starts full, the same thing), and no more than {@value #MAX_USERS} users are
 * tracked at once.
 */
public final class WriteRateLimiter {
    static final int MAX_USERS = 100_000;
    private static final Duration REFILL = Duration.ofMinutes(1);

    private final int perMinute;
    private final Ticker ticker;
    private final Cache<String, Bucket> buckets;

    private record Bucket(double tokens, long refilledAt) {}

    public WriteRateLimiter(int perMinute) {
        this(perMinute, Ticker.systemTicker());
    }

    WriteRateLimiter(int perMinute, Ticker ticker) {
        this.perMinute = perMinute;
        this.ticker = ticker;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(REFILL).maximumSize(MAX_USERS).ticker(ticker).build();
    }

    public void before(Context ctx) {
        String method = ctx.method().name();
        if (perMinute <= 0 || !(method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE"))) {
            return;
        }
        long waitSeconds = take(AuthFilter.user(ctx));
        if (waitSeconds > 0) {
            ctx.header("Retry-After", String.valueOf(waitSeconds));
            throw new ApiError(429, "TOO_MANY_REQUESTS",
                    "More than " + perMinute + " writes a minute; try again in " + waitSeconds + " s.");
        }
    }

    /** Takes a token; returns 0, or the seconds until one is available. */
    long take(String user) {
        long now = ticker.read();
        double perNano = perMinute / (double) REFILL.toNanos();
        long[] wait = {0};
        buckets.asMap().compute(user, (u, bucket) -> {
            double tokens = bucket == null ? perMinute : Math.min(perMinute, bucket.tokens() + (now - bucket.refilledAt()) * perNano);
            if (tokens >= 1) {
                return new Bucket(tokens - 1, now);
            }
            wait[0] = Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
            return new Bucket(tokens, now);
        });
        return wait[0];
    }

    /** Users with a bucket on this node (after evicting the idle ones). */
    long trackedUsers() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
