package io.audiojobs.shared.playback;

import org.jobrunr.scheduling.JobRequestScheduler;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.jobrunr.scheduling.JobBuilder.aJob;

/**
 * Enqueues a record's {@link MakeHls} job. Its id derives from the record's pipeline id, so a
 * convert step that runs twice enqueues one HLS job, and record deletion can name it.
 */
public final class HlsJobs {
    private final JobRequestScheduler scheduler;
    private final int retriesAfterFirst;

    public HlsJobs(JobRequestScheduler scheduler, int retriesAfterFirst) {
        this.scheduler = scheduler;
        this.retriesAfterFirst = retriesAfterFirst;
    }

    public static UUID jobId(UUID pipelineId) {
        return UUID.nameUUIDFromBytes((pipelineId + "/hls").getBytes(StandardCharsets.UTF_8));
    }

    public UUID enqueue(long recordId, UUID pipelineId) {
        UUID id = jobId(pipelineId);
        scheduler.create(aJob()
                .withId(id)
                .withName("hls record " + recordId)
                .withLabels("record:" + recordId, "step:hls")
                .withAmountOfRetries(retriesAfterFirst)
                .withJobRequest(new MakeHls(recordId)));
        return id;
    }
}
