package io.audiojobs.shared.pipeline;

import io.audiojobs.shared.records.RecordDao;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes a step's life to PostgreSQL as it happens: the step row and the record's status and
 * progress move together in one transaction, and progress never goes backwards.
 */
public final class StepTracker {
    private final Jdbi jdbi;

    public StepTracker(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Marks the step running and returns its run count, this run included. */
    public int begin(long recordId, StepName step) {
        Pipeline.Stage stage = Pipeline.stage(step);
        return jdbi.inTransaction(h -> {
            h.attach(RecordDao.class).advance(recordId, step.runningStatus(), stage.recordProgress(0));
            return h.attach(ProcessingStepDao.class).start(recordId, step.key());
        });
    }

    public void progress(long recordId, StepName step, int stepProgress) {
        Pipeline.Stage stage = Pipeline.stage(step);
        jdbi.useTransaction(h -> {
            h.attach(ProcessingStepDao.class).progress(recordId, step.key(), stepProgress);
            h.attach(RecordDao.class).advance(recordId, step.runningStatus(), stage.recordProgress(stepProgress));
        });
    }

    public void finishStep(long recordId, StepName step) {
        progress(recordId, step, 100);
        jdbi.useExtension(ProcessingStepDao.class, dao -> dao.complete(recordId, step.key()));
    }

    public void completeRecord(long recordId) {
        jdbi.useExtension(RecordDao.class, dao -> dao.complete(recordId));
    }

    /** A failed run that will be retried: the error is visible, the record keeps its status. */
    public void failForNow(long recordId, StepName step, String error) {
        jdbi.useExtension(ProcessingStepDao.class, dao -> dao.fail(recordId, step.key(), StepStatus.PENDING, error));
    }

    /** No run follows: the step and the record are FAILED with the reason. */
    public void failForGood(long recordId, StepName step, String reason) {
        jdbi.useTransaction(h -> {
            h.attach(ProcessingStepDao.class).fail(recordId, step.key(), StepStatus.FAILED, reason);
            h.attach(RecordDao.class).fail(recordId, step.key(), reason);
        });
    }
}
