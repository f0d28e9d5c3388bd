package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.context.JobContext;

/** The work of one pipeline step for one record, implemented by the worker. */
@FunctionalInterface
public interface PipelineStep {
    void run(long recordId, JobContext context) throws Exception;
}
