package io.audiojobs.shared.live;

import java.time.Instant;
import java.util.UUID;

/**
 * A live recording session (seed 003's Session): the stream a client sends over the WebSocket, cut
 * into pieces and transcribed while it records, then turned into a record when it stops.
 *
 * @param status {@link #RECORDING} until the session is turned into a record, then {@link #COMPLETED}
 *     (or {@link #FAILED}: nothing could be assembled)
 * @param stopRequestedAt when stop_session, the idle timeout or the cleanup asked it to stop
 * @param sealedAt from then on no chunk is accepted: what is stored is what the record gets
 * @param decodedMs how much audio the live decoder has decoded so far
 */
public record LiveSession(
        UUID id,
        String ownerId,
        String title,
        String language,
        String model,
        String mimeType,
        String status,
        Instant stopRequestedAt,
        String stopReason,
        Instant sealedAt,
        Instant endedAt,
        String failedReason,
        long decodedMs,
        Long recordId,
        Instant decoderDoneAt,
        Instant createdAt) {

    public static final String RECORDING = "recording";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public boolean isOwnedBy(String user) {
        return ownerId.equals(user);
    }

    public boolean isRecording() {
        return RECORDING.equals(status);
    }

    public boolean isStopping() {
        return stopRequestedAt != null;
    }

    public LiveContainer container() {
        return LiveContainer.of(mimeType).orElseThrow();
    }
}
