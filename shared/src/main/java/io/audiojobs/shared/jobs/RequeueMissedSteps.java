package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequest;

/** Recurring: enqueues pipeline steps whose enqueue failed after their record was committed. */
public record RequeueMissedSteps() implements JobRequest {
    public static final String RECURRING_ID = "requeue-missed-steps";

    @Override
    public Class<RequeueMissedStepsHandler> getJobRequestHandler() {
        return RequeueMissedStepsHandler.class;
    }
}
