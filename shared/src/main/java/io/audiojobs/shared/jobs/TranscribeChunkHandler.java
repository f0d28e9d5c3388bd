package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Runs {@link TranscribeChunk} with the worker's {@link JobWork}. */
public final class TranscribeChunkHandler implements JobRequestHandler<TranscribeChunk> {
    private final JobWork<TranscribeChunk> work;

    public TranscribeChunkHandler(JobWork<TranscribeChunk> work) {
        this.work = work;
    }

    @Override
    public void run(TranscribeChunk request) throws Exception {
        work.run(request, jobContext());
    }
}
