package io.audiojobs.shared.renditions;

import java.time.Instant;

/** One derived object of a record, stored in S3 under a key the server chose. */
public record Rendition(long recordId, RenditionKind kind, String objectKey, String contentType, long sizeBytes,
                        Instant createdAt) {}
