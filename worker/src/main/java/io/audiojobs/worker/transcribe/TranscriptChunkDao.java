package io.audiojobs.worker.transcribe;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;
import java.util.Optional;

/** The transcript_chunks table: chunk rows of a run, and each chunk's result until the run is merged. */
@RegisterConstructorMapper(TranscriptChunk.class)
public interface TranscriptChunkDao {

    @SqlUpdate("""
            INSERT INTO transcript_chunks (record_id, run, idx, start_ms, end_ms, object_key)
            VALUES (:record, :run, :idx, :start, :end, :key)
            ON CONFLICT (record_id, run, idx) DO NOTHING
            """)
    void create(@Bind("record") long recordId, @Bind("run") int run, @Bind("idx") int idx, @Bind("start") long startMs,
                @Bind("end") long endMs, @Bind("key") String objectKey);

    @SqlQuery("""
            SELECT record_id, run, idx, start_ms, end_ms, object_key, status, attempts FROM transcript_chunks
            WHERE record_id = :record AND run = :run ORDER BY idx""")
    List<TranscriptChunk> list(@Bind("record") long recordId, @Bind("run") int run);

    @SqlQuery("""
            UPDATE transcript_chunks SET attempts = attempts + 1 WHERE record_id = :record AND run = :run AND idx = :idx
            RETURNING record_id, run, idx, start_ms, end_ms, object_key, status, attempts""")
    Optional<TranscriptChunk> start(@Bind("record") long recordId, @Bind("run") int run, @Bind("idx") int idx);

    /** Stores a chunk's result; a second completion of the same chunk replaces the first (same input, same result). */
    @SqlUpdate("""
            UPDATE transcript_chunks SET status = 'COMPLETED', result = CAST(:result AS jsonb), worker = :worker,
                                         finished_at = now()
            WHERE record_id = :record AND run = :run AND idx = :idx""")
    void complete(@Bind("record") long recordId, @Bind("run") int run, @Bind("idx") int idx, @Bind("result") String resultJson,
                  @Bind("worker") String worker);

    @SqlQuery("SELECT count(*) FROM transcript_chunks WHERE record_id = :record AND run = :run AND status = 'COMPLETED'")
    int completed(@Bind("record") long recordId, @Bind("run") int run);

    @SqlQuery("SELECT result::text FROM transcript_chunks WHERE record_id = :record AND run = :run ORDER BY idx")
    List<String> results(@Bind("record") long recordId, @Bind("run") int run);

    @SqlUpdate("UPDATE transcript_chunks SET result = NULL WHERE record_id = :record AND run = :run")
    void dropResults(@Bind("record") long recordId, @Bind("run") int run);
}
