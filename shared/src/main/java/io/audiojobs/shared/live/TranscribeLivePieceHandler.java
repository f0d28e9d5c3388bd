package io.audiojobs.shared.live;

import io.audiojobs.shared.jobs.JobWork;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Runs {@link TranscribeLivePiece} with the worker's {@link JobWork}. */
public final class TranscribeLivePieceHandler implements JobRequestHandler<TranscribeLivePiece> {
    private final JobWork<TranscribeLivePiece> work;

    public TranscribeLivePieceHandler(JobWork<TranscribeLivePiece> work) {
        this.work = work;
    }

    @Override
    public void run(TranscribeLivePiece request) throws Exception {
        work.run(request, jobContext());
    }
}
