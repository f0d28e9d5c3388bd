package io.audiojobs.api.uploads;

import io.audiojobs.api.uploads.UploadViews.MultipartPlan;
import io.audiojobs.api.uploads.UploadViews.PartUrl;
import io.audiojobs.api.uploads.UploadViews.PutPlan;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.storage.PresignedUrl;
import io.audiojobs.shared.uploads.Upload;
import io.audiojobs.shared.uploads.UploadMethod;
import io.audiojobs.shared.uploads.UploadStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An upload plan signed again, for the replay of the POST that made it (Idempotency-Key): the
 * stored first response keeps no presigned URL. The new URLs are valid no longer than the upload
 * itself; an expired upload has no plan any more (UPLOAD_EXPIRED).
 */
public final class UploadPlanReplay {
    private final UploadService uploads;
    private final ObjectStore store;
    private final Duration presignTtl;

    public UploadPlanReplay(UploadService uploads, ObjectStore store, Duration presignTtl) {
        this.uploads = uploads;
        this.store = store;
        this.presignTtl = presignTtl;
    }

    /** POST /api/v1/uploads again: the single PUT or the multipart plan, with every part. */
    public Object plan(String user, long id) {
        Upload upload = uploads.requireOwned(user, id);
        if (upload.method() != UploadMethod.MULTIPART) {
            return put(upload);
        }
        Duration ttl = validFor(upload);
        int partCount = (int) ((upload.sizeBytes() + upload.partSize() - 1) / upload.partSize());
        List<PresignedUrl> signed = IntStream.rangeClosed(1, partCount)
                .mapToObj(n -> store.presignPart(upload.objectKey(), upload.multipartId(), n, upload.partBytes(n), ttl)).toList();
        List<PartUrl> parts = IntStream.range(0, partCount).mapToObj(i -> new PartUrl(i + 1, signed.get(i).url())).toList();
        return new MultipartPlan(upload.id(), "MULTIPART", upload.partSize(), parts, signed.getFirst().expiresAt());
    }

    /** A single presigned PUT of an upload the caller owns, storing the bytes once (If-None-Match: *). */
    public PutPlan put(Upload upload) {
        return plan(upload, store.presignPut(upload.objectKey(), upload.contentType(), upload.sizeBytes(), validFor(upload)));
    }

    /** Seed 004's presigned-url again: the same kind of URL the first answer gave, without the precondition its client cannot send. */
    public PutPlan seed004Put(Upload upload) {
        return plan(upload, store.presignReplaceablePut(upload.objectKey(), upload.contentType(), upload.sizeBytes(), validFor(upload)));
    }

    private static PutPlan plan(Upload upload, PresignedUrl put) {
        return new PutPlan(upload.id(), put.method(), put.url(), put.headers(), put.expiresAt());
    }

    /**
     * Whole seconds left until the upload expires, less one for the time signing takes (at most the
     * usual presign time), or UPLOAD_EXPIRED.
     */
    private Duration validFor(Upload upload) {
        Duration left = Duration.between(Instant.now(), upload.expiresAt()).truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        if (upload.status() == UploadStatus.EXPIRED || left.compareTo(Duration.ofSeconds(1)) < 0) {
            throw UploadService.expired(upload.id());
        }
        return left.compareTo(presignTtl) > 0 ? presignTtl : left;
    }
}
