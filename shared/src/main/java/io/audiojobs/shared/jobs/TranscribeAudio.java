package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequest;

/** Step 2: speech-to-text of a record's normalized audio, for one transcription run. Ids only. */
public record TranscribeAudio(long recordId, int run) implements JobRequest {
    @Override
    public Class<TranscribeAudioHandler> getJobRequestHandler() {
        return TranscribeAudioHandler.class;
    }
}
