package io.audiojobs.shared.uploads;

/** PENDING until the bytes are in S3, UPLOADED after, EXPIRED once cleanup removed an abandoned upload. */
public enum UploadStatus { PENDING, UPLOADED, EXPIRED }
