package io.audiojobs.api.http;

import io.audiojobs.api.auth.AuthFilter;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-user rate limit on writes (POST, PUT, PATCH, DELETE), a token bucket per user on this API
 * node: {@code perMinute} tokens refilled evenly, bursts up to the same number. Beyond it, 429 with
 * Retry-After. Reads are not limited. With several API nodes each enforces its own bucket.
 */
public final class WriteRateLimiter {
    private final int perMinute;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }

    public WriteRateLimiter(int perMinute) {
        this(perMinute, System::nanoTime);
    }

    WriteRateLimiter(int perMinute, LongSupplier nanoClock) {
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
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
        long now = nanoClock.getAsLong();
        double perNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
        Bucket bucket = buckets.computeIfAbsent(user, u -> new Bucket(perMinute, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.refilledAt) * perNano);
            bucket.refilledAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
        }
    }
}
