package io.audiojobs.shared.storage;

/** A part of a multipart upload that S3 holds. */
public record UploadedPart(int partNumber, String etag, long sizeBytes) {}
