package io.audiojobs.worker.pipeline;

import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.pipeline.Pipeline;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.pipeline.StepTracker;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
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

    /** The work of one step. It reports progress 0-100 through the given callback. */
    @FunctionalInterface
    public interface StepWork {
        void run(Record record, ProgressReporter progress) throws Exception;
    }

    @FunctionalInterface
    public interface ProgressReporter {
        void report(int stepProgress);
    }

    private final Jdbi jdbi;
    private final StepTracker tracker;
    private final PipelineJobs jobs;
    private final int retriesAfterFirst;

    public StepRunner(Jdbi jdbi, PipelineJobs jobs, int retriesAfterFirst) {
        this.jdbi = jdbi;
        this.tracker = new StepTracker(jdbi);
        this.jobs = jobs;
        this.retriesAfterFirst = retriesAfterFirst;
    }

    public void run(long recordId, StepName step, JobContext context, StepWork work) throws Exception {
        Optional<Record> found = jdbi.withExtension(RecordDao.class, dao -> dao.find(recordId));
        if (found.isEmpty()) {
            log.info("record {} is gone (deleted); {} has nothing to do", recordId, step.key());
            return;
        }
        Record record = found.get();
        if (record.status().isFinal()) {
            log.info("record {} is already {}; {} is not run again", recordId, record.status(), step.key());
            return;
        }
        int attempt = tracker.begin(recordId, step);
        context.logger().info("%s of record %d, attempt %d".formatted(step.key(), recordId, attempt));
        try {
            work.run(record, p -> tracker.progress(recordId, step, p));
        } catch (PermanentJobFailure e) {
            tracker.failForGood(recordId, step, e.getMessage());
            context.logger().error("failed for good: " + e.getMessage());
            throw e;
        } catch (Exception e) {
            String reason = describe(e);
            if (context.amountOfFailures() >= retriesAfterFirst) {
                tracker.failForGood(recordId, step, reason);
            } else {
                tracker.failForNow(recordId, step, reason);
            }
            context.logger().warn("attempt %d failed: %s".formatted(attempt, reason));
            throw e;
        }
        tracker.finishStep(recordId, step);
        Optional<StepName> next = Pipeline.next(step);
        if (next.isPresent()) {
            jobs.enqueue(recordId, record.jobId(), next.get());
        } else {
            tracker.completeRecord(recordId);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
