package io.audiojobs.shared.playback;

import io.audiojobs.shared.jobs.JobWork;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Runs {@link MakeHls} with the worker's {@link JobWork}. */
public final class MakeHlsHandler implements JobRequestHandler<MakeHls> {
    private final JobWork<MakeHls> work;

    public MakeHlsHandler(JobWork<MakeHls> work) {
        this.work = work;
    }

    @Override
    public void run(MakeHls request) throws Exception {
        work.run(request, jobContext());
    }
}
