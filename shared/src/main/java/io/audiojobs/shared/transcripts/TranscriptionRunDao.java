package io.audiojobs.shared.transcripts;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.Optional;

/** The transcription_runs table. */
@RegisterConstructorMapper(TranscriptionRun.class)
public interface TranscriptionRunDao {

    @SqlUpdate("""
            INSERT INTO transcription_runs (record_id, run, engine, model, language)
            VALUES (:record, :run, :engine, :model, :language)
            ON CONFLICT (record_id, run) DO NOTHING
            """)
    void create(@Bind("record") long recordId, @Bind("run") int run, @Bind("engine") String engine,
                @Bind("model") String model, @Bind("language") String language);

    @SqlQuery("SELECT * FROM transcription_runs WHERE record_id = :record AND run = :run")
    Optional<TranscriptionRun> find(@Bind("record") long recordId, @Bind("run") int run);

    @SqlQuery("SELECT * FROM transcription_runs WHERE record_id = :record AND run = :run FOR UPDATE")
    Optional<TranscriptionRun> lock(@Bind("record") long recordId, @Bind("run") int run);

    @SqlUpdate("UPDATE transcription_runs SET chunk_count = :count WHERE record_id = :record AND run = :run")
    void setChunkCount(@Bind("record") long recordId, @Bind("run") int run, @Bind("count") int count);

    @SqlUpdate("UPDATE transcription_runs SET merged_at = now() WHERE record_id = :record AND run = :run AND merged_at IS NULL")
    int markMerged(@Bind("record") long recordId, @Bind("run") int run);
}
