package io.audiojobs.shared.live;

import java.time.Instant;
import java.util.UUID;

/**
 * A piece of a session's decoded audio, cut at a pause and transcribed by a worker job (seed 003's
 * Chunk). Times are milliseconds from the start of the session's audio.
 *
 * @param version each retranscription is a new version; a job of an older version changes nothing
 */
public record LivePiece(
        UUID id,
        UUID sessionId,
        int index,
        long startMs,
        long endMs,
        String status,
        String transcription,
        String language,
        String model,
        int version,
        String error,
        Instant createdAt,
        Instant transcribedAt) {

    public static final String PENDING = "pending";
    public static final String TRANSCRIBING = "transcribing";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public long durationMs() {
        return endMs - startMs;
    }

    public boolean isFinished() {
        return COMPLETED.equals(status) || FAILED.equals(status);
    }
}
