package io.audiojobs.shared.idempotency;

import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Duration;
import java.time.Instant;

/**
 * The idempotency_keys table: the API claims a key and keeps the first response; the workers'
 * recurring purge deletes keys past their time.
 */
public interface IdempotencyKeyDao extends SqlObject {
    /** How long a first response is replayed (SPEC §4). */
    Duration KEPT = Duration.ofHours(24);
    /** A claim whose request never finished (its API node died mid-request) stops blocking the key after this. */
    Duration ABANDONED = Duration.ofHours(1);

    /**
     * Deletes up to {@code limit} keys older than {@code keptCutoff}, and claims still without a
     * response older than {@code abandonedCutoff}; returns how many went.
     */
    @SqlUpdate("""
            DELETE FROM idempotency_keys WHERE (owner_id, key) IN (
                SELECT owner_id, key FROM idempotency_keys
                WHERE created_at < :keptCutoff OR (status IS NULL AND created_at < :abandonedCutoff)
                LIMIT :limit)
            """)
    int purge(@Bind("keptCutoff") Instant keptCutoff, @Bind("abandonedCutoff") Instant abandonedCutoff, @Bind("limit") int limit);
}
