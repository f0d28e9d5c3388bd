package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequest;

/** Step 3: audio and text metrics (and an optional LLM summary) of a record. Ids only. */
public record AnalyzeAudio(long recordId, int run) implements JobRequest {
    @Override
    public Class<AnalyzeAudioHandler> getJobRequestHandler() {
        return AnalyzeAudioHandler.class;
    }
}
