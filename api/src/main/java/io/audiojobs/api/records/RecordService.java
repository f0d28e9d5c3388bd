package io.audiojobs.api.records;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.uploads.UploadService;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.pipeline.Pipeline;
import io.audiojobs.shared.pipeline.ProcessingStepDao;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.playback.HlsJobs;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.records.OriginalAudio;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.renditions.Rendition;
import io.audiojobs.shared.renditions.RenditionDao;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.uploads.Upload;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.shared.uploads.UploadStatus;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Records: created from a finished upload of the caller's (one record per upload), processed by
 * the pipeline, listed, deleted with everything they own. Shared by the canonical and seed routes.
 */
public final class RecordService {
    private static final Logger log = LoggerFactory.getLogger(RecordService.class);

    private final Jdbi jdbi;
    private final ObjectStore store;
    private final UploadService uploads;
    private final PipelineJobs jobs;
    private final RecordRules rules;

    public RecordService(Jdbi jdbi, ObjectStore store, UploadService uploads, PipelineJobs jobs, AppConfig.Webhooks webhooks) {
        this.jdbi = jdbi;
        this.store = store;
        this.uploads = uploads;
        this.jobs = jobs;
        this.rules = new RecordRules(webhooks);
    }

    /** How the record's statements run: on a handle, or in a transaction of their own. */
    @FunctionalInterface
    private interface Statements {
        Record run(HandleCallback<Record, RuntimeException> work);
    }

    /** Something to do in the record's transaction (seed 002 binds its session there). */
    @FunctionalInterface
    public interface InTransaction {
        void accept(Handle handle, Record record);
    }

    /**
     * Checks the upload (in storage too, for a single PUT), writes the record and its steps in one
     * statement, then enqueues the first step: record creation is the API's hottest path, and each
     * statement and round trip on it costs. The one statement is atomic on its own, so it runs
     * without BEGIN and COMMIT.
     */
    public Record create(String user, NewRecord request) {
        return create(user, request, jdbi::withHandle, (h, r) -> {});
    }

    /** {@link #create(String, NewRecord)}, doing {@code also} in the record's transaction. */
    public Record create(String user, NewRecord request, InTransaction also) {
        return create(user, request, jdbi::inTransaction, also);
    }

    private Record create(String user, NewRecord request, Statements statements, InTransaction also) {
        rules.check(request);
        String checkedEtag = uploads.requireReadyForRecord(user, request.uploadId()).orElse(null);
        UUID pipelineId = UUID.randomUUID();
        Record record = statements.run(h -> {
            Record created = RecordDao.create(h, user, request, pipelineId, checkedEtag)
                    .orElseThrow(() -> refusal(h, request.uploadId()));
            also.accept(h, created);
            return created;
        });
        try {
            jobs.enqueue(record.id(), pipelineId, Pipeline.first(), 1);
        } catch (RuntimeException e) {
            // The record is committed: it is accepted. MissedStepSweeper enqueues what was missed.
            log.warn("enqueue of record {} failed; housekeeping will enqueue it", record.id(), e);
        }
        return record;
    }

    /** Why no record was created from an upload that was ready a moment before. */
    private static ApiError refusal(Handle h, long uploadId) {
        Optional<Upload> upload = UploadDao.find(h, uploadId);
        if (upload.isEmpty()) {
            return UploadService.notFound(uploadId);
        }
        if (upload.get().status() == UploadStatus.EXPIRED) {
            return UploadService.expired(uploadId);
        }
        return ApiError.conflict("UPLOAD_ALREADY_USED", "Upload " + uploadId + " already has a record.");
    }

    public Record requireOwned(String user, long id) {
        return owned(jdbi.withHandle(h -> RecordDao.find(h, id)), user, id);
    }

    private static Record owned(Optional<Record> record, String user, long id) {
        return record.filter(r -> r.isOwnedBy(user))
                .orElseThrow(() -> ApiError.notFound("RECORD_NOT_FOUND", "Record not found: " + id));
    }

    public List<Record> list(String user, long beforeId, int limit) {
        return jdbi.withExtension(RecordDao.class, dao -> dao.listByOwner(user, beforeId, limit));
    }

    /** The record and its steps on one connection: clients poll this. */
    public RecordViews.JobStatus jobStatus(String user, long id) {
        return jdbi.withHandle(h -> RecordViews.JobStatus.of(owned(RecordDao.find(h, id), user, id), ProcessingStepDao.list(h, id)));
    }

    public RecordViews.JobStatus jobStatus(Record record) {
        return RecordViews.JobStatus.of(record, jdbi.withHandle(h -> ProcessingStepDao.list(h, record.id())));
    }

    /** A record by id without an ownership check: for internal fan-out to already authorized listeners. */
    public Optional<Record> find(long id) {
        return jdbi.withExtension(RecordDao.class, dao -> dao.find(id));
    }

    public Upload uploadOf(Record record) {
        return jdbi.withExtension(UploadDao.class, dao -> dao.find(record.uploadId())).orElseThrow();
    }

    /**
     * The key of the record's original audio: the copy its convert step made of the upload (never the
     * upload's own key, which a presigned PUT may still replace). Not available until that copy exists.
     */
    public String originalAudioKey(Record record) {
        if (uploadOf(record).sealedAt() == null) {
            throw ApiError.notFound("RENDITION_NOT_AVAILABLE", "The original audio of record " + record.id()
                    + " is not available yet: it is kept as the record's own copy when processing starts.");
        }
        return OriginalAudio.key(record.id());
    }

    /** Deletes the record, its upload, its renditions' objects (all of an HLS rendition's too) and its pending jobs. */
    public void delete(String user, long id) {
        Record record = requireOwned(user, id);
        Upload upload = uploadOf(record);
        List<String> keys = new ArrayList<>();
        keys.add(upload.objectKey());
        keys.add(OriginalAudio.key(id));
        jdbi.withExtension(RenditionDao.class, dao -> dao.list(id)).stream().map(Rendition::objectKey).forEach(keys::add);
        for (int run = 1; run <= record.transcriptionRun(); run++) {
            for (StepName step : StepName.values()) {
                deleteJobQuietly(PipelineJobs.jobId(record.jobId(), step, run));
            }
        }
        deleteJobQuietly(HlsJobs.jobId(record.jobId()));
        jdbi.useTransaction(h -> {
            h.attach(RecordDao.class).delete(id);
            h.attach(UploadDao.class).delete(upload.id());
        });
        keys.addAll(objectsUnder(recordPrefix(id))); // listed after the row is gone: a job storing now cannot add to it unseen
        for (String key : new LinkedHashSet<>(keys)) {
            deleteObjectOrRemember(key);
        }
    }

    /** Every object a record's jobs write lies under this prefix (the HLS rendition has many). */
    static String recordPrefix(long id) {
        return "records/" + id + "/";
    }

    private List<String> objectsUnder(String prefix) {
        try {
            return store.list(prefix);
        } catch (RuntimeException e) {
            log.warn("objects under {} not listed ({}); only the known renditions are deleted", prefix, e.getMessage());
            return List.of();
        }
    }

    private void deleteJobQuietly(UUID jobId) {
        try {
            jobs.delete(jobId);
        } catch (RuntimeException e) {
            log.debug("job {} not deleted ({}): it does not exist or already finished", jobId, e.getMessage());
        }
    }

    private void deleteObjectOrRemember(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            log.warn("object {} not deleted now ({}); the cleanup job will remove it", key, e.getMessage());
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO object_deletions (object_key) VALUES (:key) ON CONFLICT DO NOTHING")
                    .bind("key", key).execute());
        }
    }
}
