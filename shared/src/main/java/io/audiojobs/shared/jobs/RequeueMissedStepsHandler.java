package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Runs {@link RequeueMissedSteps} with the worker's {@link JobWork}. */
public final class RequeueMissedStepsHandler implements JobRequestHandler<RequeueMissedSteps> {
    private final JobWork<RequeueMissedSteps> work;

    public RequeueMissedStepsHandler(JobWork<RequeueMissedSteps> work) {
        this.work = work;
    }

    @Override
    public void run(RequeueMissedSteps request) throws Exception {
        work.run(request, jobContext());
    }
}
