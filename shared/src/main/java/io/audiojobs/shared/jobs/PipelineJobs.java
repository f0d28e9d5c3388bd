package io.audiojobs.shared.jobs;

import io.audiojobs.shared.pipeline.StepName;
import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.scheduling.JobBuilder;
import org.jobrunr.scheduling.JobRequestScheduler;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.jobrunr.scheduling.JobBuilder.aJob;

/**
 * Enqueues the jobs of a record's pipeline. Job ids are derived from the record's pipeline id, the
 * step, the transcription run and the chunk, so enqueueing the same job twice (a worker re-running
 * the step before it) creates one job: JobRunr skips an id it already has. Jobs are named and
 * labelled by record so an admin finds every job of a record on the dashboard.
 */
public final class PipelineJobs {
    private final JobRequestScheduler scheduler;
    private final int retriesAfterFirst;

    public PipelineJobs(JobRequestScheduler scheduler, int retriesAfterFirst) {
        this.scheduler = scheduler;
        this.retriesAfterFirst = retriesAfterFirst;
    }

    /** The first step's job id is the record's pipeline id itself; run 1 keeps the short form. */
    public static UUID jobId(UUID pipelineId, StepName step, int run) {
        if (step == StepName.CONVERT) {
            return pipelineId;
        }
        return derived(pipelineId + "/" + step.key() + (run == 1 ? "" : "/" + run));
    }

    public static UUID chunkJobId(UUID pipelineId, int run, int index) {
        return derived(pipelineId + "/transcribe/" + run + "/chunk/" + index);
    }

    public UUID enqueue(long recordId, UUID pipelineId, StepName step, int run) {
        UUID id = jobId(pipelineId, step, run);
        scheduler.create(job(id, step.key() + " record " + recordId, recordId, step.key(), request(recordId, step, run)));
        return id;
    }

    public UUID enqueueChunk(long recordId, UUID pipelineId, int run, int index) {
        UUID id = chunkJobId(pipelineId, run, index);
        scheduler.create(job(id, "transcribe record " + recordId + " chunk " + index, recordId, "transcribe",
                new TranscribeChunk(recordId, run, index)));
        return id;
    }

    public void delete(UUID jobId) {
        scheduler.delete(jobId, "record deleted");
    }

    private JobBuilder job(UUID id, String name, long recordId, String step, JobRequest request) {
        return aJob()
                .withId(id)
                .withName(name)
                .withLabels("record:" + recordId, "step:" + step)
                .withAmountOfRetries(retriesAfterFirst)
                .withJobRequest(request);
    }

    private static JobRequest request(long recordId, StepName step, int run) {
        return switch (step) {
            case CONVERT -> new ConvertAudio(recordId);
            case TRANSCRIBE -> new TranscribeAudio(recordId, run);
            case ANALYZE -> new AnalyzeAudio(recordId, run);
        };
    }

    private static UUID derived(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
