package io.audiojobs.worker.cleanup;

import io.audiojobs.shared.jobs.JobWork;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.jobs.RequeueMissedSteps;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The API commits a record, then enqueues its job; when PostgreSQL, JobRunr or the API process
 * fails between the two, the record has no job. Records start with job_enqueued = false: this
 * recurring job first flags in bulk those whose job JobRunr holds, then enqueues the step each
 * remaining one waits for. Job ids are deterministic, so a step that was in fact enqueued is not
 * duplicated.
 */
public final class MissedStepSweeper implements JobWork<RequeueMissedSteps> {
    private static final Logger log = LoggerFactory.getLogger(MissedStepSweeper.class);
    /** Leaves the API time to enqueue a fresh record's job before we look at it. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final Jdbi jdbi;
    private final PipelineJobs jobs;
    private final Clock clock;

    public MissedStepSweeper(Jdbi jdbi, PipelineJobs jobs, Clock clock) {
        this.jdbi = jdbi;
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public void run(RequeueMissedSteps request, JobContext context) {
        int requeued = sweep();
        if (requeued > 0) {
            context.logger().info("re-enqueued " + requeued + " missed pipeline steps");
        }
    }

    public int sweep() {
        Instant cutoff = clock.instant().minus(GRACE);
        jdbi.useExtension(RecordDao.class, dao -> dao.flagEnqueued(cutoff));
        List<Record> missed = jdbi.withExtension(RecordDao.class, dao -> dao.findNotEnqueued(cutoff, 500));
        for (Record record : missed) {
            StepName step = switch (record.status()) {
                case QUEUED, CONVERTING -> StepName.CONVERT;
                case TRANSCRIBING -> StepName.TRANSCRIBE;
                case ANALYZING -> StepName.ANALYZE;
                case COMPLETED, FAILED -> null;
            };
            if (step != null) {
                jobs.enqueue(record.id(), record.jobId(), step, record.transcriptionRun());
                log.info("record {}: enqueued its missed {} step", record.id(), step.key());
            }
            jdbi.useExtension(RecordDao.class, dao -> dao.setJobEnqueued(record.id(), true));
        }
        return missed.size();
    }
}
