package io.audiojobs.api.uploads;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Request and response bodies of /api/v1/uploads. */
public final class UploadViews {
    private UploadViews() {}

    public record CreateUpload(String filename, String contentType, Long sizeBytes, String sha256) {}

    public record PartUrl(int partNumber, URI url) {}

    public record PartRef(Integer partNumber, String etag) {}

    public record CompleteUpload(List<PartRef> parts) {}

    public record StoredPart(int partNumber, String etag, long sizeBytes) {}

    /** 201 for a presigned single PUT. */
    public record PutPlan(long uploadId, String method, URI url, Map<String, String> headers, Instant expiresAt) {}

    /** 201 for a multipart plan: PUT each part to its URL, then POST .../complete with the ETags. */
    public record MultipartPlan(long uploadId, String method, long partSize, List<PartUrl> parts, Instant expiresAt) {}

    /** GET /uploads/{id}: where the upload stands; for an unfinished multipart, the parts S3 holds and fresh URLs for the rest. */
    public record UploadState(long uploadId, String status, String method, String filename, String contentType,
                              long sizeBytes, Long partSize, List<StoredPart> parts, List<PartUrl> missingParts,
                              Instant createdAt, Instant expiresAt, Instant uploadedAt) {}
}
