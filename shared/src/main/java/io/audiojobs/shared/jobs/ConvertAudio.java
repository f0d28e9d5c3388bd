package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequest;

/** Step 1 of a record's pipeline: validate the upload and make the renditions. Carries the id only. */
public record ConvertAudio(long recordId) implements JobRequest {
    @Override
    public Class<ConvertAudioHandler> getJobRequestHandler() {
        return ConvertAudioHandler.class;
    }
}
