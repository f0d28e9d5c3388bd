package io.audiojobs.shared.live;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The live_chunks table: which chunks of a session are stored. */
public interface LiveChunkDao extends SqlObject {

    /** What storing a chunk's row came to. */
    enum Stored { NEW, DUPLICATE, SESSION_SEALED }

    /**
     * Records a chunk whose bytes are in S3, unless the session is sealed. The share lock on the
     * session row makes sealing wait for chunks being stored, and chunks stored after it see the seal.
     * Fluent rather than SqlObject: this runs for every chunk of every live session.
     */
    static Stored insert(Handle h, UUID sessionId, long sequence, int sizeBytes, Long clientTimestamp) {
        Optional<Boolean> inserted = h.createQuery("""
                        WITH open AS (
                            SELECT id FROM live_sessions WHERE id = :session AND sealed_at IS NULL FOR SHARE
                        ), added AS (
                            INSERT INTO live_chunks (session_id, sequence, size_bytes, client_timestamp)
                            SELECT id, :sequence, :size, :timestamp FROM open
                            ON CONFLICT (session_id, sequence) DO NOTHING
                            RETURNING sequence
                        )
                        SELECT EXISTS (SELECT 1 FROM added) AS added FROM open
                        """)
                .bind("session", sessionId).bind("sequence", sequence).bind("size", sizeBytes)
                .bind("timestamp", clientTimestamp)
                .mapTo(Boolean.class).findOne();
        if (inserted.isEmpty()) {
            return Stored.SESSION_SEALED;
        }
        return inserted.get() ? Stored.NEW : Stored.DUPLICATE;
    }

    /**
     * What a chunk about to be stored finds: whether its session still takes chunks, whether this
     * sequence is stored already, and the session's stored range (nulls when none is stored). Asked
     * before the chunk's bytes go to S3, so a refused or duplicate chunk writes nothing there.
     */
    record Admission(boolean open, boolean stored, Long first, Long last) {}

    /** Empty when the session does not exist (deleted). Fluent, like {@link #insert}: once per chunk. */
    static Optional<Admission> admission(Handle h, UUID sessionId, long sequence) {
        return h.createQuery("""
                        SELECT s.sealed_at IS NULL AS open,
                               EXISTS (SELECT 1 FROM live_chunks c WHERE c.session_id = s.id AND c.sequence = :sequence) AS stored,
                               (SELECT min(c.sequence) FROM live_chunks c WHERE c.session_id = s.id) AS first,
                               (SELECT max(c.sequence) FROM live_chunks c WHERE c.session_id = s.id) AS last
                        FROM live_sessions s WHERE s.id = :session
                        """)
                .bind("session", sessionId).bind("sequence", sequence)
                .map((rs, ctx) -> new Admission(rs.getBoolean("open"), rs.getBoolean("stored"),
                        rs.getObject("first", Long.class), rs.getObject("last", Long.class)))
                .findOne();
    }

    /** Whether this chunk of the session has its row. */
    static boolean exists(Handle h, UUID sessionId, long sequence) {
        return h.createQuery("SELECT EXISTS (SELECT 1 FROM live_chunks WHERE session_id = :session AND sequence = :sequence)")
                .bind("session", sessionId).bind("sequence", sequence).mapTo(Boolean.class).one();
    }

    /** Stored sequences from {@code from} on, in order, at most {@code limit}. */
    @SqlQuery("""
            SELECT sequence FROM live_chunks WHERE session_id = :session AND sequence >= :from
            ORDER BY sequence LIMIT :limit
            """)
    List<Long> sequencesFrom(@Bind("session") UUID sessionId, @Bind("from") long from, @Bind("limit") int limit);

    /** The lowest and highest stored sequence and how many are stored; empty when none is. */
    @SqlQuery("""
            SELECT min(sequence) AS first, max(sequence) AS last, count(*) AS stored, COALESCE(sum(size_bytes), 0) AS bytes
            FROM live_chunks WHERE session_id = :session HAVING count(*) > 0
            """)
    @RegisterConstructorMapper(Extent.class)
    Optional<Extent> extent(@Bind("session") UUID sessionId);

    /** The stored range of a session: {@code stored < last - first + 1} means some are missing. */
    record Extent(long first, long last, long stored, long bytes) {
        public boolean hasGaps() {
            return stored < last - first + 1;
        }
    }

    /**
     * Sequences missing between the first and the last stored one, at most {@code limit}, in order.
     * Each gap is expanded only as far as the limit: the time taken does not grow with a gap's width.
     */
    @SqlQuery("""
            SELECT g FROM (
                SELECT sequence, lead(sequence) OVER (ORDER BY sequence) AS next
                FROM live_chunks WHERE session_id = :session
            ) s, generate_series(s.sequence + 1, LEAST(s.next - 1, s.sequence + :limit)) AS g
            WHERE s.next > s.sequence + 1
            ORDER BY g LIMIT :limit
            """)
    List<Long> missing(@Bind("session") UUID sessionId, @Bind("limit") int limit);
}
