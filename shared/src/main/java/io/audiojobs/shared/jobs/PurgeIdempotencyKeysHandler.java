package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Runs {@link PurgeIdempotencyKeys} with the worker's {@link JobWork}. */
public final class PurgeIdempotencyKeysHandler implements JobRequestHandler<PurgeIdempotencyKeys> {
    private final JobWork<PurgeIdempotencyKeys> work;

    public PurgeIdempotencyKeysHandler(JobWork<PurgeIdempotencyKeys> work) {
        this.work = work;
    }

    @Override
    public void run(PurgeIdempotencyKeys request) throws Exception {
        work.run(request, jobContext());
    }
}
