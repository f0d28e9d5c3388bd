package io.audiojobs.shared.storage;

/** What S3 says about a stored object. */
public record ObjectInfo(long sizeBytes, String contentType) {}
