package io.audiojobs.shared.pipeline;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;

/** The processing_steps table: one row per record and step, updated in place by re-runs. */
@RegisterRowMapper(ProcessingStepMapper.class)
public interface ProcessingStepDao extends SqlObject {

    @SqlUpdate("""
            INSERT INTO processing_steps (record_id, name, position) VALUES (:recordId, :name, :position)
            ON CONFLICT (record_id, name) DO NOTHING
            """)
    void create(@Bind("recordId") long recordId, @Bind("name") String name, @Bind("position") int position);

    /** Makes a step new again for another run: pending, no attempts, no error. */
    @SqlUpdate("""
            UPDATE processing_steps SET status = 'PENDING', progress = 0, attempts = 0, started_at = NULL,
                                        finished_at = NULL, error = NULL
            WHERE record_id = :recordId AND name = :name
            """)
    void reset(@Bind("recordId") long recordId, @Bind("name") String name);

    /** A record's steps in pipeline order (fluent: job-status reads them on every poll, see {@link io.audiojobs.shared.records.RecordDao}). */
    static List<ProcessingStep> list(Handle handle, long recordId) {
        return handle.createQuery("SELECT * FROM processing_steps WHERE record_id = :recordId ORDER BY position")
                .bind("recordId", recordId).map(new ProcessingStepMapper()).list();
    }

    default List<ProcessingStep> list(long recordId) {
        return list(getHandle(), recordId);
    }

    /** Starts a run of the step and returns how many runs it has had, this one included. */
    @SqlQuery("""
            UPDATE processing_steps
            SET status = 'RUNNING', attempts = attempts + 1, started_at = now(), finished_at = NULL
            WHERE record_id = :recordId AND name = :name
            RETURNING attempts
            """)
    int start(@Bind("recordId") long recordId, @Bind("name") String name);

    @SqlUpdate("""
            UPDATE processing_steps SET progress = GREATEST(progress, :progress)
            WHERE record_id = :recordId AND name = :name
            """)
    void progress(@Bind("recordId") long recordId, @Bind("name") String name, @Bind("progress") int progress);

    @SqlUpdate("""
            UPDATE processing_steps SET status = 'COMPLETED', progress = 100, finished_at = now(), error = NULL
            WHERE record_id = :recordId AND name = :name
            """)
    void complete(@Bind("recordId") long recordId, @Bind("name") String name);

    /** A failed run: PENDING again when a retry follows, FAILED when none does. */
    @SqlUpdate("""
            UPDATE processing_steps SET status = :status, error = :error, finished_at = now()
            WHERE record_id = :recordId AND name = :name
            """)
    void fail(@Bind("recordId") long recordId, @Bind("name") String name, @Bind("status") StepStatus status,
              @Bind("error") String error);
}
