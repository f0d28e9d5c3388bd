package io.audiojobs.shared.live;

import org.jobrunr.scheduling.JobRequestScheduler;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.jobrunr.scheduling.JobBuilder.aJob;

/**
 * Enqueues the jobs of live sessions with ids derived from what they work on, so enqueueing one twice
 * (stop_session and the idle sweep, a decoder re-run after a crash) makes one job.
 */
public final class LiveJobs {
    private final JobRequestScheduler scheduler;
    private final int retriesAfterFirst;

    public LiveJobs(JobRequestScheduler scheduler, int retriesAfterFirst) {
        this.scheduler = scheduler;
        this.retriesAfterFirst = retriesAfterFirst;
    }

    public static UUID finishJobId(UUID sessionId) {
        return derived("live-finish/" + sessionId);
    }

    public static UUID pieceJobId(UUID pieceId, int version) {
        return derived("live-piece/" + pieceId + "/" + version);
    }

    public UUID finish(UUID sessionId) {
        UUID id = finishJobId(sessionId);
        scheduler.create(aJob().withId(id).withName("finish live session " + sessionId)
                .withLabels("live:" + sessionId, "step:live-finish")
                .withAmountOfRetries(retriesAfterFirst)
                .withJobRequest(new FinishLiveSession(sessionId)));
        return id;
    }

    public UUID transcribe(LivePiece piece, int version) {
        UUID id = pieceJobId(piece.id(), version);
        scheduler.create(aJob().withId(id).withName("transcribe live session " + piece.sessionId() + " piece " + piece.index())
                .withLabels("live:" + piece.sessionId(), "step:live-piece")
                .withAmountOfRetries(retriesAfterFirst)
                .withJobRequest(new TranscribeLivePiece(piece.id(), version)));
        return id;
    }

    private static UUID derived(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
