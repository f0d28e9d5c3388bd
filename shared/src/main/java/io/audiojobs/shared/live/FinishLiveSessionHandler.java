package io.audiojobs.shared.live;

import io.audiojobs.shared.jobs.JobWork;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Runs {@link FinishLiveSession} with the worker's {@link JobWork}. */
public final class FinishLiveSessionHandler implements JobRequestHandler<FinishLiveSession> {
    private final JobWork<FinishLiveSession> work;

    public FinishLiveSessionHandler(JobWork<FinishLiveSession> work) {
        this.work = work;
    }

    @Override
    public void run(FinishLiveSession request) throws Exception {
        work.run(request, jobContext());
    }
}
