package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequest;

/** Recurring: deletes idempotency keys past their 24 h (one run per cluster per interval). */
public record PurgeIdempotencyKeys() implements JobRequest {
    /** Every worker registers it under this id, so it exists once in the cluster. */
    public static final String RECURRING_ID = "idempotency-key-purge";

    @Override
    public Class<PurgeIdempotencyKeysHandler> getJobRequestHandler() {
        return PurgeIdempotencyKeysHandler.class;
    }
}
