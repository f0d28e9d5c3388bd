package io.audiojobs.worker.pipeline;

import io.audiojobs.shared.records.OriginalAudio;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.records.RecordStatus;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.shared.webhooks.Webhooks;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.scheduling.JobRequestScheduler;

/**
 * What happens once a record reaches COMPLETED or FAILED (SPEC §5, step 4): the webhook is
 * announced, and a completed record that asked for it loses its original audio (its sealed copy
 * and the upload's key; the renditions stay). Both are safe to repeat, so a node that dies
 * half-way leaves nothing the next run cannot redo.
 */
public final class FinishedRecords implements StepRunner.RecordAnnouncer {
    private final Jdbi jdbi;
    private final ObjectStore store;
    private final Webhooks webhooks;
    private final JobRequestScheduler scheduler;

    public FinishedRecords(Jdbi jdbi, ObjectStore store, Webhooks webhooks, JobRequestScheduler scheduler) {
        this.jdbi = jdbi;
        this.store = store;
        this.webhooks = webhooks;
        this.scheduler = scheduler;
    }

    @Override
    public void announce(long recordId, RecordStatus finalStatus) {
        Record record = jdbi.withExtension(RecordDao.class, dao -> dao.find(recordId)).orElse(null);
        if (record == null) {
            return; // deleted meanwhile: its objects and deliveries went with it
        }
        if (finalStatus == RecordStatus.COMPLETED && record.deleteAudioAfterProcessing()) {
            store.delete(OriginalAudio.key(record.id()));
            // gone since sealing, unless a replayed presigned PUT wrote it again
            jdbi.withExtension(UploadDao.class, dao -> dao.find(record.uploadId()))
                    .ifPresent(upload -> store.delete(upload.objectKey()));
        }
        webhooks.announce(jdbi, scheduler, record, finalStatus);
    }
}
