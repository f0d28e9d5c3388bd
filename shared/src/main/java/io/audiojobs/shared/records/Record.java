package io.audiojobs.shared.records;

import java.time.Instant;
import java.util.UUID;

/** A recording a user asked us to process, with where its pipeline stands. */
public record Record(
        long id,
        String ownerId,
        long uploadId,
        String title,
        String language,
        Long songId,
        Integer durationSeconds,
        boolean deleteAudioAfterProcessing,
        String webhookUrl,
        RecordStatus status,
        int progress,
        String failedReason,
        String failedStep,
        UUID jobId,
        Long audioDurationMs,
        String audioCodec,
        int transcriptionRun,
        Instant createdAt,
        Instant updatedAt) {

    public boolean isOwnedBy(String userId) {
        return ownerId.equals(userId);
    }
}
