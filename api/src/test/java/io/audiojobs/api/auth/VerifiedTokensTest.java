package io.audiojobs.api.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedTokensTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final VerifiedTokens tokens = new VerifiedTokens(clock, Duration.ofMinutes(1));

    @Test
    void a_verified_token_is_known_for_a_minute_at_most() {
        tokens.remember("token-a", "alice", clock.instant().plus(Duration.ofHours(1)));

        assertThat(tokens.userOf("token-a")).contains("alice");
        clock.move(Duration.ofSeconds(59));
        assertThat(tokens.userOf("token-a")).contains("alice");
        clock.move(Duration.ofSeconds(1));
        assertThat(tokens.userOf("token-a")).as("verified again after a minute").isEmpty();
    }

    @Test
    void a_token_expiring_sooner_is_known_only_until_it_expires() {
        tokens.remember("token-b", "bob", clock.instant().plus(Duration.ofSeconds(5)));

        clock.move(Duration.ofSeconds(4));
        assertThat(tokens.userOf("token-b")).contains("bob");
        clock.move(Duration.ofSeconds(1));
        assertThat(tokens.userOf("token-b")).isEmpty();
    }

    @Test
    void only_the_exact_token_text_is_known() {
        tokens.remember("header.claims.signature", "alice", clock.instant().plus(Duration.ofHours(1)));

        assertThat(tokens.userOf("header.claims.forged")).isEmpty();
        assertThat(tokens.userOf("header.claims.signature ")).isEmpty();
    }

    @Test
    void memory_stays_bounded() {
        for (int i = 0; i < 3 * VerifiedTokens.CAPACITY; i++) {
            tokens.remember("token-" + i, "user", clock.instant().plus(Duration.ofHours(1)));
        }

        assertThat(tokens.size()).isLessThanOrEqualTo(VerifiedTokens.CAPACITY);
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
