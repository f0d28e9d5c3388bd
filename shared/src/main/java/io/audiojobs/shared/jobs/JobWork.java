package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.context.JobContext;
import org.jobrunr.jobs.lambdas.JobRequest;

/**
 * The work behind a job request, implemented by the worker. The handler classes JobRunr names in
 * its jobs live here in shared (the API must see them to enqueue); each one only forwards to the
 * JobWork the worker's job activator gave it.
 */
@FunctionalInterface
public interface JobWork<R extends JobRequest> {
    void run(R request, JobContext context) throws Exception;
}
