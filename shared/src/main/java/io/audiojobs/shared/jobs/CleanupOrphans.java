package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequest;

/** The recurring orphan cleanup (one run per cluster per interval, whatever the number of workers). */
public record CleanupOrphans() implements JobRequest {
    /** The recurring job's id: every worker registers it under this id, so it exists once. */
    public static final String RECURRING_ID = "orphan-upload-cleanup";

    @Override
    public Class<CleanupOrphansHandler> getJobRequestHandler() {
        return CleanupOrphansHandler.class;
    }
}
