package io.audiojobs.api.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class WriteRateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void an_idle_users_bucket_is_evicted_and_an_active_users_is_kept() {
        WriteRateLimiter limiter = new WriteRateLimiter(10, nanos::get);
        limiter.take("idle");
        limiter.take("active");
        advance(Duration.ofSeconds(40));
        limiter.take("active");
        advance(Duration.ofSeconds(21));

        assertThat(limiter.trackedUsers()).as("only the user seen within the last minute").isEqualTo(1);
        advance(Duration.ofMinutes(1));
        assertThat(limiter.trackedUsers()).isZero();
    }

    @Test
    void a_user_gets_the_limit_in_a_burst_then_tokens_refill_evenly() {
        WriteRateLimiter limiter = new WriteRateLimiter(3, nanos::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.take("u")).isZero();
        }
        assertThat(limiter.take("u")).as("seconds until the next token").isEqualTo(20);
        advance(Duration.ofSeconds(20));
        assertThat(limiter.take("u")).isZero();
        assertThat(limiter.take("other")).as("another user's bucket").isZero();
    }

    @Test
    void an_evicted_bucket_comes_back_full_as_if_it_had_refilled() {
        WriteRateLimiter limiter = new WriteRateLimiter(2, nanos::get);
        limiter.take("u");
        limiter.take("u");
        assertThat(limiter.take("u")).isPositive();
        advance(Duration.ofSeconds(61));
        assertThat(limiter.trackedUsers()).isZero();
        assertThat(limiter.take("u")).isZero();
        assertThat(limiter.take("u")).isZero();
        assertThat(limiter.take("u")).isPositive();
    }

    @Test
    void the_number_of_buckets_is_bounded() {
        WriteRateLimiter limiter = new WriteRateLimiter(10, nanos::get);
        for (int i = 0; i < WriteRateLimiter.MAX_USERS + 5_000; i++) {
            limiter.take("user-" + i);
        }
        assertThat(limiter.trackedUsers()).isLessThanOrEqualTo(WriteRateLimiter.MAX_USERS);
    }
}
