package io.audiojobs.shared.records;

import io.audiojobs.shared.pipeline.Pipeline;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The records table. Progress only ever grows: every write takes the greater of old and new.
 * <p>
 * The statements the API runs on every record creation and job-status poll are static methods on
 * Jdbi's fluent API, taking the handle: attaching a SqlObject prepares every method of the
 * interface on each attach (Jdbi issue 2617), and a profile of record creation under load showed
 * that costing the API more CPU than the statements themselves. Each also has a default method
 * for callers that hold the DAO.
 */
@RegisterRowMapper(RecordMapper.class)
public interface RecordDao extends SqlObject {

    /**
     * Creates the record of an upload and its pipeline steps in one statement, one round trip and
     * one commit on the API's hottest path. The upload must be the owner's and either UPLOADED or a
     * single PUT still PENDING (its bytes already checked in storage by the caller): it is marked
     * UPLOADED here, under the row lock that keeps the orphan cleanup from expiring it meanwhile.
     * Empty when nothing was created: the upload is gone, expired, unfinished or already used.
     * <p>
     * {@code uploadEtag} is the ETag the caller's HEAD saw (null when it did not look): it binds the
     * record to that version of the bytes (see {@link OriginalAudio}). An ETag already recorded is
     * kept, so a second, losing request for the same upload cannot rebind it to a replacement.
     */
    static Optional<Record> create(Handle handle, String ownerId, NewRecord record, UUID jobId, String uploadEtag) {
        return handle.createQuery("""
                        WITH ready AS (
                            UPDATE uploads SET status = 'UPLOADED', uploaded_at = COALESCE(uploaded_at, now()),
                                               etag = COALESCE(etag, :etag)
                            WHERE id = :uploadId AND owner_id = :ownerId
                              AND (status = 'UPLOADED' OR (status = 'PENDING' AND method = 'PUT'))
                            RETURNING id
                        ), created AS (
                            INSERT INTO records (owner_id, upload_id, title, language, song_id, duration_seconds,
                                                 delete_audio_after_processing, webhook_url, job_id)
                            SELECT :ownerId, ready.id, :title, :language, :songId, :durationSeconds,
                                   :deleteAudio, :webhookUrl, :jobId
                            FROM ready
                            ON CONFLICT (upload_id) DO NOTHING
                            RETURNING *
                        ), steps AS (
                            INSERT INTO processing_steps (record_id, name, position)
                            SELECT created.id, s.name, s.position
                            FROM created, unnest(:stepNames, :stepPositions) AS s(name, position)
                        )
                        SELECT * FROM created
                        """)
                .bind("ownerId", ownerId)
                .bind("uploadId", record.uploadId())
                .bind("etag", uploadEtag)
                .bind("title", record.title())
                .bind("language", record.language())
                .bind("songId", record.songId())
                .bind("durationSeconds", record.durationSeconds())
                .bind("deleteAudio", record.deleteAudioAfterProcessing())
                .bind("webhookUrl", record.webhookUrl())
                .bind("jobId", jobId)
                .bind("stepNames", Pipeline.stepKeys())
                .bind("stepPositions", Pipeline.stepPositions())
                .map(new RecordMapper())
                .findOne();
    }

    /** {@link #create(Handle, String, NewRecord, UUID, String)} for an upload whose ETag is recorded already, or unknown. */
    static Optional<Record> create(Handle handle, String ownerId, NewRecord record, UUID jobId) {
        return create(handle, ownerId, record, jobId, null);
    }

    /** {@link #create(Handle, String, NewRecord, UUID, String)} on this DAO's handle. */
    default Optional<Record> create(String ownerId, NewRecord record, UUID jobId, String uploadEtag) {
        return create(getHandle(), ownerId, record, jobId, uploadEtag);
    }

    /** {@link #create(Handle, String, NewRecord, UUID)} on this DAO's handle. */
    default Optional<Record> create(String ownerId, NewRecord record, UUID jobId) {
        return create(getHandle(), ownerId, record, jobId);
    }

    /** One record (fluent, like {@link #create(Handle, String, NewRecord, UUID, String)}: job-status reads it on every poll). */
    static Optional<Record> find(Handle handle, long id) {
        return handle.createQuery("SELECT * FROM records WHERE id = :id").bind("id", id).map(new RecordMapper()).findOne();
    }

    default Optional<Record> find(long id) {
        return find(getHandle(), id);
    }

    @SqlQuery("SELECT * FROM records WHERE upload_id = :uploadId")
    Optional<Record> findByUpload(@Bind("uploadId") long uploadId);

    /** The owner's records, newest first, strictly older than {@code beforeId}. */
    @SqlQuery("""
            SELECT * FROM records WHERE owner_id = :ownerId AND id < :beforeId
            ORDER BY id DESC LIMIT :limit
            """)
    List<Record> listByOwner(@Bind("ownerId") String ownerId, @Bind("beforeId") long beforeId, @Bind("limit") int limit);

    /** Moves status and progress forward only: a late or repeated write of an earlier step changes nothing. */
    @SqlUpdate("""
            UPDATE records SET status = :status, progress = GREATEST(progress, :progress), updated_at = now()
            WHERE id = :id
              AND array_position(ARRAY['QUEUED', 'CONVERTING', 'TRANSCRIBING', 'ANALYZING'], status)
                  <= array_position(ARRAY['QUEUED', 'CONVERTING', 'TRANSCRIBING', 'ANALYZING'], CAST(:status AS text))
            """)
    int advance(@Bind("id") long id, @Bind("status") RecordStatus status, @Bind("progress") int progress);

    @SqlUpdate("""
            UPDATE records SET status = 'COMPLETED', progress = 100, failed_reason = NULL, failed_step = NULL,
                               updated_at = now()
            WHERE id = :id
            """)
    int complete(@Bind("id") long id);

    @SqlUpdate("""
            UPDATE records SET status = 'FAILED', failed_reason = :reason, failed_step = :step, updated_at = now()
            WHERE id = :id
            """)
    int fail(@Bind("id") long id, @Bind("step") String step, @Bind("reason") String reason);

    @SqlUpdate("UPDATE records SET audio_duration_ms = :durationMs, audio_codec = :codec, updated_at = now() WHERE id = :id")
    int saveAudioFacts(@Bind("id") long id, @Bind("durationMs") long durationMs, @Bind("codec") String codec);

    /**
     * Starts transcription run {@code run} of a finished record: back to TRANSCRIBING at the start of
     * that step's progress. A new run, not a retry, so progress restarts from there.
     */
    @SqlUpdate("""
            UPDATE records SET transcription_run = :run, status = 'TRANSCRIBING', progress = :progress,
                               failed_reason = NULL, failed_step = NULL, job_enqueued = FALSE, updated_at = now()
            WHERE id = :id
            """)
    int startTranscriptionRun(@Bind("id") long id, @Bind("run") int run, @Bind("progress") int progress);

    @SqlUpdate("UPDATE records SET job_enqueued = :enqueued WHERE id = :id")
    int setJobEnqueued(@Bind("id") long id, @Bind("enqueued") boolean enqueued);

    /**
     * Flags, in one statement, the records older than the cutoff whose first job JobRunr holds (the
     * first step's job id is the record's job_id) or that have ended. The API does not flag a record
     * itself after enqueueing (one commit less on every record creation); this does it in bulk.
     */
    @SqlUpdate("""
            UPDATE records r SET job_enqueued = TRUE
            WHERE NOT r.job_enqueued AND r.updated_at < :cutoff
              AND (r.status IN ('COMPLETED', 'FAILED')
                   OR (r.transcription_run = 1 AND EXISTS (SELECT 1 FROM jobrunr_jobs j WHERE j.id = r.job_id::text)))
            """)
    int flagEnqueued(@Bind("cutoff") java.time.Instant cutoff);

    /** Records whose pending step was never handed to JobRunr (its enqueue failed), older than the cutoff. */
    @SqlQuery("SELECT * FROM records WHERE NOT job_enqueued AND updated_at < :cutoff ORDER BY id LIMIT :limit")
    List<Record> findNotEnqueued(@Bind("cutoff") java.time.Instant cutoff, @Bind("limit") int limit);

    @SqlQuery("SELECT * FROM records WHERE id = :id FOR UPDATE")
    Optional<Record> lock(@Bind("id") long id);

    @SqlUpdate("DELETE FROM records WHERE id = :id")
    int delete(@Bind("id") long id);
}
