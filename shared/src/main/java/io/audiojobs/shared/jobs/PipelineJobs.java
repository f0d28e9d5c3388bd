package io.audiojobs.shared.jobs;

import io.audiojobs.shared.pipeline.StepName;
import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.scheduling.JobRequestScheduler;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.jobrunr.scheduling.JobBuilder.aJob;

/**
 * Enqueues the steps of a record's pipeline. Job ids are derived from the record's pipeline id and
 * the step, so enqueueing a step twice (a worker re-running the step before it) creates one job:
 * JobRunr skips an id it already has. Jobs are named and labelled by record for the dashboard.
 */
public final class PipelineJobs {
    private final JobRequestScheduler scheduler;
    private final int retriesAfterFirst;

    public PipelineJobs(JobRequestScheduler scheduler, int retriesAfterFirst) {
        this.scheduler = scheduler;
        this.retriesAfterFirst = retriesAfterFirst;
    }

    /** The first step's job id is the record's pipeline id itself. */
    public static UUID jobId(UUID pipelineId, StepName step) {
        return step.ordinal() == 0
                ? pipelineId
                : UUID.nameUUIDFromBytes((pipelineId + "/" + step.key()).getBytes(StandardCharsets.UTF_8));
    }

    public UUID enqueue(long recordId, UUID pipelineId, StepName step) {
        UUID id = jobId(pipelineId, step);
        scheduler.create(aJob()
                .withId(id)
                .withName(step.key() + " record " + recordId)
                .withLabels("record:" + recordId, "step:" + step.key())
                .withAmountOfRetries(retriesAfterFirst)
                .withJobRequest(request(recordId, step)));
        return id;
    }

    private static JobRequest request(long recordId, StepName step) {
        return switch (step) {
            case CONVERT -> new ConvertAudio(recordId);
        };
    }

    public void delete(UUID jobId) {
        scheduler.delete(jobId, "record deleted");
    }
}
