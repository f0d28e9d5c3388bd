package io.audiojobs.worker.pipeline;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.RetryFilter;
import org.jobrunr.jobs.states.FailedState;

/**
 * JobRunr's retry filter with the product's backoff: RETRY_BASE_SECONDS, doubling per failure
 * (5 s, 10 s, 20 s ...). The number of retries is set on each job when it is enqueued. It replaces
 * JobRunr's default RetryFilter: JobRunr keeps only one ElectStateFilter, so there must be no other.
 */
public final class BackoffRetryFilter extends RetryFilter {
    private final int baseSeconds;

    public BackoffRetryFilter(int baseSeconds) {
        super();
        this.baseSeconds = baseSeconds;
    }

    @Override
    protected long getSecondsToAdd(Job job) {
        long failures = job.getJobStates().stream().filter(FailedState.class::isInstance).count();
        long exponent = Math.max(0, Math.min(failures - 1, 20));
        return baseSeconds * (1L << exponent);
    }
}
