package io.audiojobs.shared.live;

import org.jobrunr.jobs.lambdas.JobRequest;

import java.util.UUID;

/** Turns a stopped session into a record: its chunks assembled in sequence order become the record's upload, and the normal pipeline runs on it. Ids only; safe to run again. */
public record FinishLiveSession(UUID sessionId) implements JobRequest {
    @Override
    public Class<FinishLiveSessionHandler> getJobRequestHandler() {
        return FinishLiveSessionHandler.class;
    }
}
