package io.audiojobs.shared.jobs;

import org.jobrunr.JobRunrException;

/**
 * A failure no retry can fix (bad input, a provider's 4xx). JobRunr's RetryFilter does not retry
 * a JobRunrException marked "problematic, do not retry", which is what this is.
 */
public final class PermanentJobFailure extends JobRunrException {
    public PermanentJobFailure(String reason) {
        super(reason, true);
    }

    public PermanentJobFailure(String reason, Throwable cause) {
        super(reason, true, cause);
    }
}
