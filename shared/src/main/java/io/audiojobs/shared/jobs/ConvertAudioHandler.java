package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * Runs {@link ConvertAudio}. JobRunr needs a concrete handler class the API can see when it
 * enqueues; the work itself is the worker's {@link PipelineStep}, handed in by its job activator.
 */
public final class ConvertAudioHandler implements JobRequestHandler<ConvertAudio> {
    private final PipelineStep step;

    public ConvertAudioHandler(PipelineStep step) {
        this.step = step;
    }

    @Override
    public void run(ConvertAudio request) throws Exception {
        step.run(request.recordId(), jobContext());
    }
}
