package io.audiojobs.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens whose signature and claims were checked a moment ago, by their whole text (signature
 * included), so the same token need not be verified again on every request. Each is remembered
 * until it expires or for {@code atMost}, which {@link Authenticator} sets so that a key withdrawn
 * from the JWKS stops working within the time it promises. Only verified tokens come here, never
 * refused ones.
 */
final class VerifiedTokens {
    static final int CAPACITY = 10_000;

    private record Verified(String user, Instant until) {}

    private final Map<String, Verified> tokens = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration atMost;

    VerifiedTokens(Clock clock, Duration atMost) {
        this.clock = clock;
        this.atMost = atMost;
    }

    Optional<String> userOf(String token) {
        Verified known = tokens.get(token);
        if (known == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(known.until())) {
            tokens.remove(token, known);
            return Optional.empty();
        }
        return Optional.of(known.user());
    }

    void remember(String token, String user, Instant expiresAt) {
        Instant latest = clock.instant().plus(atMost);
        if (tokens.size() >= CAPACITY) {
            tokens.clear(); // crude, and rare: the next requests verify their tokens again
        }
        tokens.put(token, new Verified(user, expiresAt.isBefore(latest) ? expiresAt : latest));
    }
}
