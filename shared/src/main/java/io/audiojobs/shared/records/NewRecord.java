package io.audiojobs.shared.records;

/** What a user asks for when creating a record; the upload it points at is checked beforehand. */
public record NewRecord(
        String title,
        long uploadId,
        String language,
        Long songId,
        Integer durationSeconds,
        boolean deleteAudioAfterProcessing,
        String webhookUrl) {}
