package io.audiojobs.bench;

import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** The floor server's job: enqueued like a pipeline step, never run (no worker polls the floor database). */
public record FloorJob(long rowId) implements JobRequest {
    @Override
    public Class<Handler> getJobRequestHandler() {
        return Handler.class;
    }

    public static final class Handler implements JobRequestHandler<FloorJob> {
        @Override
        public void run(FloorJob job) {
            // nothing: the floor measures accepting work, not doing it
        }
    }
}
