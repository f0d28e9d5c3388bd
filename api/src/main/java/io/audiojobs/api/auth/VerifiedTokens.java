package io.audiojobs.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Tokens whose signature and claims were checked a moment ago, by their whole text (signature
 * included), so the same token need not be verified again on every request. Each is remembered
 * until it expires or for {@code atMost}, which {@link Authenticator} sets so that a key withdrawn
 * from the JWKS stops working within the time it promises. Only verified tokens come here, never
 * refused ones. At most {@link #CAPACITY} are kept (Caffeine evicts the least useful first), and
 * none longer than {@code atMost} after it was verified.
 */
final class VerifiedTokens {
    static final int CAPACITY = 10_000;

    private record Verified(String user, Instant until) {}

    private final Cache<String, Verified> tokens;
    private final Clock clock;
    private final Duration atMost;

    VerifiedTokens(Clock clock, Duration atMost) {
        this.clock = clock;
        this.atMost = atMost;
        // eviction runs on the caller's thread: a few map operations, no pool hand-off per request
        this.tokens = Caffeine.newBuilder().maximumSize(CAPACITY).expireAfterWrite(atMost).executor(Runnable::run).build();
    }

    Optional<String> userOf(String token) {
        Verified known = tokens.getIfPresent(token);
        if (known == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(known.until())) {
            tokens.asMap().remove(token, known);
            return Optional.empty();
        }
        return Optional.of(known.user());
    }

    void remember(String token, String user, Instant expiresAt) {
        Instant latest = clock.instant().plus(atMost);
        tokens.put(token, new Verified(user, expiresAt.isBefore(latest) ? expiresAt : latest));
    }

    /** How many are remembered now. */
    long size() {
        tokens.cleanUp();
        return tokens.estimatedSize();
    }
}
