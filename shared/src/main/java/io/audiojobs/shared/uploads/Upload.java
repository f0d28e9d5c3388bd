package io.audiojobs.shared.uploads;

import java.time.Instant;

/**
 * A file handed over (or about to be) by a user, stored under a server-generated object key. Once a
 * record is made of it, {@code etag} is the version the record is bound to, and once the record's
 * convert step copied that version to {@link io.audiojobs.shared.records.OriginalAudio#key} it is
 * {@code sealedAt}: from then on its object key is never read again.
 */
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
        Instant uploadedAt,
        String etag,
        Instant sealedAt) {

    public boolean isOwnedBy(String userId) {
        return ownerId.equals(userId);
    }

    /** The length of part {@code partNumber} (from 1) of a multipart upload: partSize, less for the last. */
    public long partBytes(int partNumber) {
        return Math.min(partSize, sizeBytes - (partNumber - 1L) * partSize);
    }
}
