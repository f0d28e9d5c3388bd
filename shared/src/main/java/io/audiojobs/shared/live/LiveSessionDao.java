package io.audiojobs.shared.live;

import io.audiojobs.shared.db.TransactionLocks;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The live_sessions table. */
@RegisterRowMapper(LiveSessionMapper.class)
public interface LiveSessionDao extends SqlObject {

    /**
     * A new recording session, unless the owner already records {@code maxActive}. Concurrent starts
     * of one owner (on several API nodes) queue on the owner's advisory lock, so they cannot pass the
     * limit together. Empty when the limit is reached.
     */
    @Transaction
    default Optional<LiveSession> start(UUID id, String owner, String title, String language, String model,
                                        String mimeType, int maxActive) {
        TransactionLocks.lock(getHandle(), "live-sessions:" + owner);
        if (countActive(owner) >= maxActive) {
            return Optional.empty();
        }
        return Optional.of(insert(id, owner, title, language, model, mimeType));
    }

    @SqlQuery("""
            INSERT INTO live_sessions (id, owner_id, title, language, model, mime_type)
            VALUES (:id, :owner, :title, :language, :model, :mimeType)
            RETURNING *
            """)
    LiveSession insert(@Bind("id") UUID id, @Bind("owner") String owner, @Bind("title") String title,
                       @Bind("language") String language, @Bind("model") String model, @Bind("mimeType") String mimeType);

    /** Sessions the owner records now (not asked to stop). */
    @SqlQuery("""
            SELECT count(*) FROM live_sessions
            WHERE owner_id = :owner AND status = 'recording' AND stop_requested_at IS NULL
            """)
    int countActive(@Bind("owner") String owner);

    @SqlQuery("SELECT * FROM live_sessions WHERE id = :id")
    Optional<LiveSession> find(@Bind("id") UUID id);

    @SqlQuery("SELECT * FROM live_sessions WHERE id = :id FOR UPDATE")
    Optional<LiveSession> lock(@Bind("id") UUID id);

    /** The owner's sessions, newest first (seed 003's list, limit/offset). */
    @SqlQuery("""
            SELECT * FROM live_sessions WHERE owner_id = :owner
            ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset
            """)
    List<LiveSession> listByOwner(@Bind("owner") String owner, @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM live_sessions WHERE owner_id = :owner")
    int countByOwner(@Bind("owner") String owner);

    /** Asks the session to stop; the first request wins (its time and reason are kept). */
    @SqlUpdate("""
            UPDATE live_sessions SET stop_requested_at = now(), stop_reason = :reason
            WHERE id = :id AND stop_requested_at IS NULL
            """)
    int requestStop(@Bind("id") UUID id, @Bind("reason") String reason);

    /** From now on no chunk is accepted (the chunk statement takes a share lock on the row, so it waits for this). */
    @SqlUpdate("UPDATE live_sessions SET sealed_at = now() WHERE id = :id AND sealed_at IS NULL")
    int seal(@Bind("id") UUID id);

    @SqlUpdate("""
            UPDATE live_sessions SET status = 'completed', record_id = :recordId, ended_at = COALESCE(ended_at, now())
            WHERE id = :id
            """)
    int complete(@Bind("id") UUID id, @Bind("recordId") long recordId);

    @SqlUpdate("""
            UPDATE live_sessions SET status = 'failed', failed_reason = :reason, ended_at = COALESCE(ended_at, now())
            WHERE id = :id AND status = 'recording'
            """)
    int fail(@Bind("id") UUID id, @Bind("reason") String reason);

    /**
     * Recording sessions nobody stopped whose last chunk (or start, if none came) is older than the
     * cutoff: the idle timeout. The last chunk is the one with the highest sequence (the primary key
     * finds it without reading the others).
     */
    @SqlQuery("""
            SELECT s.id FROM live_sessions s
            WHERE s.status = 'recording' AND s.stop_requested_at IS NULL
              AND COALESCE((SELECT c.received_at FROM live_chunks c WHERE c.session_id = s.id
                            ORDER BY c.sequence DESC LIMIT 1), s.created_at) < :cutoff
            ORDER BY s.created_at LIMIT :limit
            """)
    List<UUID> findIdle(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    /** Sessions asked to stop before the cutoff that have not become a record yet (their finish job is due). */
    @SqlQuery("""
            SELECT id FROM live_sessions
            WHERE status = 'recording' AND stop_requested_at < :cutoff
            ORDER BY stop_requested_at LIMIT :limit
            """)
    List<UUID> findStoppedUnfinished(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    /**
     * Sessions whose chunk objects nobody reads any more: the record has its assembled copy and the
     * live decoder is done with them.
     */
    @SqlQuery("""
            SELECT id FROM live_sessions
            WHERE record_id IS NOT NULL AND decoder_done_at IS NOT NULL AND chunks_deleted_at IS NULL
            ORDER BY created_at LIMIT :limit
            """)
    List<UUID> findWithChunksToDelete(@Bind("limit") int limit);

    @SqlUpdate("UPDATE live_sessions SET chunks_deleted_at = now() WHERE id = :id")
    int markChunksDeleted(@Bind("id") UUID id);

    @SqlUpdate("DELETE FROM live_sessions WHERE id = :id")
    int delete(@Bind("id") UUID id);
}
