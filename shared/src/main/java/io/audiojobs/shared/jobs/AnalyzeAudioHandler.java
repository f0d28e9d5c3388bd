package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Runs {@link AnalyzeAudio} with the worker's {@link JobWork}. */
public final class AnalyzeAudioHandler implements JobRequestHandler<AnalyzeAudio> {
    private final JobWork<AnalyzeAudio> work;

    public AnalyzeAudioHandler(JobWork<AnalyzeAudio> work) {
        this.work = work;
    }

    @Override
    public void run(AnalyzeAudio request) throws Exception {
        work.run(request, jobContext());
    }
}
