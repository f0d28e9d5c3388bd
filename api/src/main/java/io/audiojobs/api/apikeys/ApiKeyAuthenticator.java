package io.audiojobs.api.apikeys;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Verifies API keys sent as bearer tokens: one indexed lookup of the key's SHA-256 per request, and
 * no copy kept on this node, so a revoked key is refused on the very next request everywhere. The
 * key's last use is written at most once a minute, not on every request.
 */
public final class ApiKeyAuthenticator {
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private record Found(long id, String ownerId, Instant lastUsedAt) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public ApiKeyAuthenticator(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC());
    }

    ApiKeyAuthenticator(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Whether a bearer token is meant as an API key (JWTs start with "ey", keys with "aj_"). */
    public static boolean isApiKey(String token) {
        return token.startsWith(ApiKeys.PREFIX);
    }

    /** The owner of a valid key, or empty for a malformed, unknown or revoked one. */
    public Optional<String> userOf(String key) {
        if (key.length() != ApiKeys.KEY_LENGTH) {
            return Optional.empty();
        }
        byte[] hash = ApiKeys.hash(key);
        return jdbi.withHandle(h -> {
            // the fluent API, not the SqlObject: this runs on every request (see RecordDao on Jdbi #2617)
            Optional<Found> found = h.createQuery("SELECT id, owner_id, last_used_at FROM api_keys WHERE key_hash = :hash")
                    .bind("hash", hash)
                    .map((rs, ctx) -> new Found(rs.getLong("id"), rs.getString("owner_id"),
                            Optional.ofNullable(rs.getTimestamp("last_used_at")).map(java.sql.Timestamp::toInstant).orElse(null)))
                    .findOne();
            found.filter(this::lastUseIsStale).ifPresent(k -> touch(h, k.id()));
            return found.map(Found::ownerId);
        });
    }

    private boolean lastUseIsStale(Found key) {
        return key.lastUsedAt() == null || key.lastUsedAt().isBefore(clock.instant().minus(LAST_USED_PRECISION));
    }

    /** Guarded again in SQL: of several nodes seeing the same stale time, one writes. */
    private static void touch(Handle h, long id) {
        h.createUpdate("""
                        UPDATE api_keys SET last_used_at = now()
                        WHERE id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""")
                .bind("id", id).execute();
    }
}
