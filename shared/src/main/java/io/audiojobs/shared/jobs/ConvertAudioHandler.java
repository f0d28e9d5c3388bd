package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Runs {@link ConvertAudio} with the worker's {@link JobWork}. */
public final class ConvertAudioHandler implements JobRequestHandler<ConvertAudio> {
    private final JobWork<ConvertAudio> work;

    public ConvertAudioHandler(JobWork<ConvertAudio> work) {
        this.work = work;
    }

    @Override
    public void run(ConvertAudio request) throws Exception {
        work.run(request, jobContext());
    }
}
