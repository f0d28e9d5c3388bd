package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequest;

import java.util.UUID;

/**
 * A diagnostic no-op job: records when it was enqueued and when a worker started it, so pickup
 * latency and duplicate runs can be measured on a real cluster (benchmark and tests).
 */
public record PickupProbe(UUID probeId, String batch, long enqueuedAtEpochMicros) implements JobRequest {
    @Override
    public Class<PickupProbeHandler> getJobRequestHandler() {
        return PickupProbeHandler.class;
    }
}
