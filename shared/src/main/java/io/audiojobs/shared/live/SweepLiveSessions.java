package io.audiojobs.shared.live;

import org.jobrunr.jobs.lambdas.JobRequest;

/**
 * The recurring sweep of live sessions: idle ones are stopped, stopped ones whose finish job went
 * missing get it again (one run per cluster per interval, whatever the number of workers).
 */
public record SweepLiveSessions() implements JobRequest {
    /** The recurring job's id: every worker registers it under this id, so it exists once. */
    public static final String RECURRING_ID = "live-session-sweep";

    @Override
    public Class<SweepLiveSessionsHandler> getJobRequestHandler() {
        return SweepLiveSessionsHandler.class;
    }
}
