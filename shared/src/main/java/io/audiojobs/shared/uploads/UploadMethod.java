package io.audiojobs.shared.uploads;

/** How the bytes reach S3: one presigned PUT, presigned multipart parts, or streamed through the API. */
public enum UploadMethod { PUT, MULTIPART, DIRECT }
