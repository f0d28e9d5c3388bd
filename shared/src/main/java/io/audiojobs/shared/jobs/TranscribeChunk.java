package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequest;

/** One chunk of a long recording, transcribed on whichever worker is free. Ids only. */
public record TranscribeChunk(long recordId, int run, int index) implements JobRequest {
    @Override
    public Class<TranscribeChunkHandler> getJobRequestHandler() {
        return TranscribeChunkHandler.class;
    }
}
