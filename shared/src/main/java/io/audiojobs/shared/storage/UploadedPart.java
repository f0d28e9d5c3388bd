package io.audiojobs.shared.storage;

/** A part of a multipart upload that S3 holds. */
public record UploadedPart(int partNumber, String etag, long sizeBytes) {

    /** A multipart upload S3 still holds open. */
    public record Pending(String key, String multipartId, java.time.Instant initiated) {}
}
