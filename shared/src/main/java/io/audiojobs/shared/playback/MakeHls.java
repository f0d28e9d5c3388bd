package io.audiojobs.shared.playback;

import org.jobrunr.jobs.lambdas.JobRequest;

/**
 * Makes (or makes again) a record's HLS rendition. A job of its own beside the pipeline: it starts
 * once convert has stored the MP3, retries on its own, and its failure never fails the record
 * (the stream routes serve the MP3 or the original meanwhile). Carries the id only.
 */
public record MakeHls(long recordId) implements JobRequest {
    @Override
    public Class<MakeHlsHandler> getJobRequestHandler() {
        return MakeHlsHandler.class;
    }
}
