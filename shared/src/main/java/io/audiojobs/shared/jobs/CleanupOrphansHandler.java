package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Runs {@link CleanupOrphans} with the worker's {@link JobWork}. */
public final class CleanupOrphansHandler implements JobRequestHandler<CleanupOrphans> {
    private final JobWork<CleanupOrphans> work;

    public CleanupOrphansHandler(JobWork<CleanupOrphans> work) {
        this.work = work;
    }

    @Override
    public void run(CleanupOrphans request) throws Exception {
        work.run(request, jobContext());
    }
}
