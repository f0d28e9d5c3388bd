package io.audiojobs.shared.live;

import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The live_pieces table: a session's pieces and their transcriptions. */
@RegisterRowMapper(LivePieceMapper.class)
public interface LivePieceDao extends SqlObject {

    /** A piece's id: the same for the same cut of the same session, on every decode. */
    static UUID pieceId(UUID sessionId, int index) {
        return UUID.nameUUIDFromBytes(("live-piece/" + sessionId + "/" + index).getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a piece; 0 when a decode before this one already cut it. */
    @SqlUpdate("""
            INSERT INTO live_pieces (id, session_id, idx, start_ms, end_ms) VALUES (:id, :session, :idx, :start, :end)
            ON CONFLICT (id) DO NOTHING
            """)
    int insert(@Bind("id") UUID id, @Bind("session") UUID sessionId, @Bind("idx") int index,
               @Bind("start") long startMs, @Bind("end") long endMs);

    @SqlQuery("SELECT * FROM live_pieces WHERE id = :id")
    Optional<LivePiece> find(@Bind("id") UUID id);

    @SqlQuery("SELECT * FROM live_pieces WHERE session_id = :session AND idx = :idx")
    Optional<LivePiece> findByIndex(@Bind("session") UUID sessionId, @Bind("idx") int index);

    @SqlQuery("SELECT * FROM live_pieces WHERE session_id = :session ORDER BY idx")
    List<LivePiece> list(@Bind("session") UUID sessionId);

    @SqlQuery("SELECT count(*) FROM live_pieces WHERE session_id = :session")
    int count(@Bind("session") UUID sessionId);

    /** Marks the piece transcribing if this job's version is current; empty otherwise (a retranscription superseded it). */
    @SqlQuery("""
            UPDATE live_pieces SET status = 'transcribing', error = NULL
            WHERE id = :id AND version = :version AND status IN ('pending', 'transcribing', 'failed')
            RETURNING *
            """)
    Optional<LivePiece> startTranscribing(@Bind("id") UUID id, @Bind("version") int version);

    @SqlUpdate("""
            UPDATE live_pieces SET status = 'completed', transcription = :text, result = CAST(:result AS jsonb),
                                   error = NULL, transcribed_at = now()
            WHERE id = :id AND version = :version
            """)
    int complete(@Bind("id") UUID id, @Bind("version") int version, @Bind("text") String text,
                 @Bind("result") String resultJson);

    @SqlUpdate("""
            UPDATE live_pieces SET status = 'failed', error = :error, transcribed_at = now()
            WHERE id = :id AND version = :version
            """)
    int fail(@Bind("id") UUID id, @Bind("version") int version, @Bind("error") String error);

    /** Starts a new transcription of the piece (another language or model); returns its version. */
    @SqlQuery("""
            UPDATE live_pieces SET version = version + 1, status = 'pending', language = :language, model = :model,
                                   error = NULL
            WHERE id = :id
            RETURNING version
            """)
    Optional<Integer> retranscribe(@Bind("id") UUID id, @Bind("language") String language, @Bind("model") String model);

    /** The transcript JSON of the completed pieces, in order (times from the session's start). */
    @SqlQuery("SELECT result::text FROM live_pieces WHERE session_id = :session AND status = 'completed' ORDER BY idx")
    List<String> results(@Bind("session") UUID sessionId);
}
