package io.audiojobs.api.live;

import io.audiojobs.shared.live.LivePiece;
import io.audiojobs.shared.live.LiveSession;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Seed 003's Session, SessionSummary and Chunk, as both the REST view and the WebSocket send them. */
public final class LiveViews {
    private LiveViews() {}

    /**
     * A session with its chunks (seed 003's Session). {@code totalDuration} is in milliseconds: the
     * audio decoded so far; {@code recordId} is the record it became once stopped.
     */
    public record SessionView(UUID id, String title, Instant startTime, Instant endTime, String status, String language,
                              String model, String mimeType, long totalDuration, Long recordId, String failedReason,
                              List<ChunkView> chunks) {
        static SessionView of(LiveSession s, List<LivePiece> pieces) {
            return new SessionView(s.id(), s.title(), s.createdAt(), s.endedAt(), s.status(), s.language(), s.model(),
                    s.mimeType(), s.decodedMs(), s.recordId(), s.failedReason(), pieces.stream().map(ChunkView::of).toList());
        }
    }

    /** One entry of GET /api/sessions (seed 003's SessionSummary). */
    public record SessionSummary(UUID id, String title, Instant startTime, String status, long totalDuration,
                                 int chunksCount, Long recordId) {}

    /**
     * A piece of the session's audio cut at a pause, and its transcription (seed 003's Chunk, with
     * times in milliseconds from the start of the session). {@code source} is always "mic".
     */
    public record ChunkView(UUID id, int index, long startMs, long endMs, long duration, String status,
                            String transcription, String source, Instant createdAt, Instant transcribedAt, String error) {
        static ChunkView of(LivePiece p) {
            return new ChunkView(p.id(), p.index(), p.startMs(), p.endMs(), p.durationMs(), p.status(),
                    p.transcription(), "mic", p.createdAt(), p.transcribedAt(), p.error());
        }
    }

    /** GET /api/sessions: a page of the caller's sessions and how many there are in all. */
    public record SessionList(List<SessionSummary> sessions, int total) {}

    /** POST .../retranscribe: another language or model for the piece (both optional). */
    public record RetranscribeRequest(String language, String model) {}

    /** POST .../retranscribe answers 202 with the piece as it is now (pending). */
    public record RetranscribeAccepted(UUID sessionId, ChunkView chunk) {}
}
