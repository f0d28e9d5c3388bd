package io.audiojobs.shared.storage;

/** What S3 says about a stored object; the ETag as S3 sends it (quotes included), null if it sent none. */
public record ObjectInfo(long sizeBytes, String contentType, String etag) {}
