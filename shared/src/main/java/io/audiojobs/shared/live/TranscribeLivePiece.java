package io.audiojobs.shared.live;

import org.jobrunr.jobs.lambdas.JobRequest;

import java.util.UUID;

/** Transcribes one piece of a live session on whichever worker is free. Ids only; a job of a superseded version does nothing. */
public record TranscribeLivePiece(UUID pieceId, int version) implements JobRequest {
    @Override
    public Class<TranscribeLivePieceHandler> getJobRequestHandler() {
        return TranscribeLivePieceHandler.class;
    }
}
