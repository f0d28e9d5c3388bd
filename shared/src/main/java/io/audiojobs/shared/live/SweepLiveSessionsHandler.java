package io.audiojobs.shared.live;

import io.audiojobs.shared.jobs.JobWork;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Runs {@link SweepLiveSessions} with the worker's {@link JobWork}. */
public final class SweepLiveSessionsHandler implements JobRequestHandler<SweepLiveSessions> {
    private final JobWork<SweepLiveSessions> work;

    public SweepLiveSessionsHandler(JobWork<SweepLiveSessions> work) {
        this.work = work;
    }

    @Override
    public void run(SweepLiveSessions request) throws Exception {
        work.run(request, jobContext());
    }
}
