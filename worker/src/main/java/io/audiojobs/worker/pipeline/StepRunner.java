package io.audiojobs.worker.pipeline;

import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.pipeline.Pipeline;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.pipeline.StepTracker;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.records.RecordStatus;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * What every step does around its own work: mark it running, record progress, then either hand
 * over to the next step or complete the record; on failure, say why, and mark the record FAILED
 * when no retry follows (a permanent failure, or the last attempt).
 */
public final class StepRunner {
    private static final Logger log = LoggerFactory.getLogger(StepRunner.class);

    /** Whether the step is done when its job ends, or continues in other jobs (transcription chunks). */
    public enum Outcome { FINISHED, CONTINUES_ELSEWHERE }

    /** The work of one step. It reports progress 0-100 through the given callback. */
    @FunctionalInterface
    public interface StepWork {
        Outcome run(Record record, ProgressReporter progress) throws Exception;
    }

    @FunctionalInterface
    public interface ProgressReporter {
        void report(int stepProgress);
    }

    private final Jdbi jdbi;
    private final StepTracker tracker;
    private final PipelineJobs jobs;
    private final int retriesAfterFirst;
    private final RecordAnnouncer announcer;

    /** What follows a record reaching COMPLETED or FAILED (webhook, audio deletion); safe to repeat. */
    @FunctionalInterface
    public interface RecordAnnouncer {
        void announce(long recordId, RecordStatus finalStatus);
    }

    public StepRunner(Jdbi jdbi, PipelineJobs jobs, int retriesAfterFirst, RecordAnnouncer announcer) {
        this.jdbi = jdbi;
        this.tracker = new StepTracker(jdbi);
        this.jobs = jobs;
        this.retriesAfterFirst = retriesAfterFirst;
        this.announcer = announcer;
    }

    public void run(long recordId, int run, StepName step, JobContext context, StepWork work) throws Exception {
        Optional<Record> current = current(recordId, run, step.key());
        if (current.isEmpty()) {
            return;
        }
        Record record = current.get();
        int attempt = tracker.begin(recordId, step);
        context.logger().info("%s of record %d, attempt %d".formatted(step.key(), recordId, attempt));
        Outcome outcome;
        try {
            outcome = work.run(record, p -> tracker.progress(recordId, step, p));
        } catch (Exception e) {
            throw failed(recordId, step, context, e);
        }
        if (outcome == Outcome.FINISHED) {
            finish(record, step);
        }
    }

    /**
     * The record if this job should still act on it: it exists, is not finished, and this job's
     * transcription run is the record's current one (a retranscribe supersedes older runs; run 0 = any).
     */
    public Optional<Record> current(long recordId, int run, String what) {
        Optional<Record> found = jdbi.withExtension(RecordDao.class, dao -> dao.find(recordId));
        if (found.isEmpty()) {
            log.info("record {} is gone (deleted); {} has nothing to do", recordId, what);
        } else if (found.get().status().isFinal()) {
            log.info("record {} is already {}; {} is not run again", recordId, found.get().status(), what);
            // a node may have died between finishing the record and announcing it: announce again (idempotent)
            announce(recordId, found.get().status());
            return Optional.empty();
        } else if (run > 0 && found.get().transcriptionRun() != run) {
            log.info("record {} moved on to transcription run {}; {} of run {} stops", recordId,
                    found.get().transcriptionRun(), what, run);
            return Optional.empty();
        }
        return found;
    }

    /** Completes the step and hands over: enqueues the next step, or completes the record. Safe to repeat. */
    public void finish(Record record, StepName step) {
        tracker.finishStep(record.id(), step);
        Optional<StepName> next = Pipeline.next(step);
        if (next.isPresent()) {
            jobs.enqueue(record.id(), record.jobId(), next.get(), record.transcriptionRun());
        } else {
            tracker.completeRecord(record.id());
            announce(record.id(), RecordStatus.COMPLETED);
        }
    }

    public void progress(long recordId, StepName step, int stepProgress) {
        tracker.progress(recordId, step, stepProgress);
    }

    /** Records a failed attempt of a step (FAILED for good when no retry follows) and returns the exception to rethrow. */
    public Exception failed(long recordId, StepName step, JobContext context, Exception e) {
        if (e instanceof PermanentJobFailure) {
            tracker.failForGood(recordId, step, e.getMessage());
            announce(recordId, RecordStatus.FAILED);
            context.logger().error("failed for good: " + e.getMessage());
            return e;
        }
        String reason = describe(e);
        if (context.amountOfFailures() >= retriesAfterFirst) {
            tracker.failForGood(recordId, step, reason);
            announce(recordId, RecordStatus.FAILED);
        } else {
            tracker.failForNow(recordId, step, reason);
        }
        context.logger().warn("attempt failed: " + reason);
        return e;
    }

    private void announce(long recordId, RecordStatus status) {
        try {
            announcer.announce(recordId, status);
        } catch (RuntimeException e) {
            log.warn("record {} is {} but announcing it failed ({}); it is announced again when a job meets it",
                    recordId, status, e.getMessage());
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
