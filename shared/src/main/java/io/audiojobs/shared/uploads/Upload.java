package io.audiojobs.shared.uploads;

import java.time.Instant;

/** A file handed over (or about to be) by a user, stored under a server-generated object key. */
public record Upload(
        long id,
        String ownerId,
        String objectKey,
        String filename,
        String contentType,
        long sizeBytes,
        String sha256,
        UploadMethod method,
        String multipartId,
        Long partSize,
        UploadStatus status,
        Integer durationSeconds,
        Instant expiresAt,
        Instant createdAt,
        Instant uploadedAt) {

    public boolean isOwnedBy(String userId) {
        return ownerId.equals(userId);
    }
}
