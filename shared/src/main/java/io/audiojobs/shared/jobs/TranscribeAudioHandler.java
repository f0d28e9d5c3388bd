package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Runs {@link TranscribeAudio} with the worker's {@link JobWork}. */
public final class TranscribeAudioHandler implements JobRequestHandler<TranscribeAudio> {
    private final JobWork<TranscribeAudio> work;

    public TranscribeAudioHandler(JobWork<TranscribeAudio> work) {
        this.work = work;
    }

    @Override
    public void run(TranscribeAudio request) throws Exception {
        work.run(request, jobContext());
    }
}
