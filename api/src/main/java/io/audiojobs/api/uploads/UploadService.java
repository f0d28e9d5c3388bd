package io.audiojobs.api.uploads;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.uploads.UploadViews.CompleteUpload;
import io.audiojobs.api.uploads.UploadViews.MultipartPlan;
import io.audiojobs.api.uploads.UploadViews.PartUrl;
import io.audiojobs.api.uploads.UploadViews.PutPlan;
import io.audiojobs.api.uploads.UploadViews.StoredPart;
import io.audiojobs.api.uploads.UploadViews.UploadState;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.storage.ObjectInfo;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.storage.ObjectTooLargeException;
import io.audiojobs.shared.storage.PresignedUrl;
import io.audiojobs.shared.storage.UploadedPart;
import io.audiojobs.shared.uploads.Upload;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.shared.uploads.UploadMethod;
import io.audiojobs.shared.uploads.UploadStatus;
import org.jdbi.v3.core.Jdbi;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Uploads: presigned single PUTs, resumable presigned multipart plans above a threshold, and
 * direct uploads streamed through the API. Object keys are generated here, never taken from clients.
 */
public final class UploadService {
    private static final int MAX_PARTS = 10_000;

    private final Jdbi jdbi;
    private final ObjectStore store;
    private final AppConfig.Limits limits;
    /** Each direct upload holds two part buffers on the heap; more at once than this could exhaust it. */
    private final Semaphore directUploadSlots;

    public UploadService(Jdbi jdbi, ObjectStore store, AppConfig.Limits limits) {
        this.jdbi = jdbi;
        this.store = store;
        this.limits = limits;
        this.directUploadSlots = new Semaphore(directUploadsAtOnce(limits), true);
    }

    /** MAX_CONCURRENT_DIRECT_UPLOADS, or as many as half the heap holds (8 with a 256 MiB heap), at least 2. */
    public static int directUploadsAtOnce(AppConfig.Limits limits) {
        if (limits.directUploadsAtOnce() > 0) {
            return limits.directUploadsAtOnce();
        }
        return (int) Math.max(2, Runtime.getRuntime().maxMemory() / 2 / ObjectStore.STREAM_HEAP_BYTES);
    }

    /** POST /uploads: a single presigned PUT, or a multipart plan above the threshold. */
    public Object create(String user, UploadViews.CreateUpload request) {
        String contentType = AudioTypes.requireAudio(request.contentType());
        String filename = Filenames.displayName(request.filename());
        long size = requireSize(request.sizeBytes());
        String sha256 = requireSha256(request.sha256());
        if (size <= limits.multipartThresholdBytes()) {
            return createPut(user, filename, contentType, size, sha256);
        }
        long partSize = Math.max(limits.multipartPartBytes(), ceilDiv(size, MAX_PARTS));
        String key = newKey(contentType);
        String multipartId = store.startMultipart(key, contentType);
        Instant expires = Instant.now().plus(limits.presignTtl());
        Upload upload = jdbi.withExtension(UploadDao.class, dao -> dao.insert(user, key, filename,
                contentType, size, sha256, UploadMethod.MULTIPART, multipartId, partSize, UploadStatus.PENDING, null, expires, null));
        int partCount = (int) ceilDiv(size, partSize);
        List<PartUrl> parts = IntStream.rangeClosed(1, partCount).mapToObj(n -> partUrl(upload, n)).toList();
        return new MultipartPlan(upload.id(), "MULTIPART", partSize, parts, expires);
    }

    /** A single presigned PUT bound to content type and length, that can store the bytes once (If-None-Match: *). */
    private PutPlan createPut(String user, String filename, String contentType, long size, String sha256) {
        String key = newKey(contentType);
        return savePut(user, key, store.presignPut(key, contentType, size, limits.presignTtl()), filename, contentType, size, sha256, null);
    }

    /**
     * Seed 004's presigned-url: its client PUTs with nothing but Content-Type, so the URL cannot ask
     * for If-None-Match, and a replay before it expires (PRESIGN_TTL) replaces the object.
     */
    public PutPlan createSeed004Put(String user, String filename, String contentType, long size, Integer durationSeconds) {
        String name = Filenames.displayName(filename);
        String key = newKey(contentType);
        PresignedUrl put = store.presignReplaceablePut(key, contentType, size, limits.presignTtl());
        return savePut(user, key, put, name, contentType, size, null, durationSeconds);
    }

    private PutPlan savePut(String user, String key, PresignedUrl put, String filename, String contentType, long size,
                            String sha256, Integer durationSeconds) {
        Upload upload = jdbi.withExtension(UploadDao.class, dao -> dao.insert(user, key, filename,
                contentType, size, sha256, UploadMethod.PUT, null, null, UploadStatus.PENDING, durationSeconds,
                put.expiresAt(), null));
        return new PutPlan(upload.id(), put.method(), put.url(), put.headers(), put.expiresAt());
    }

    public UploadState describe(String user, long id) {
        Upload upload = requireOwned(user, id);
        if (upload.method() != UploadMethod.MULTIPART || upload.status() != UploadStatus.PENDING) {
            return state(upload, List.of(), List.of());
        }
        List<UploadedPart> held = store.listParts(upload.objectKey(), upload.multipartId());
        Set<Integer> present = held.stream().map(UploadedPart::partNumber).collect(Collectors.toSet());
        int partCount = (int) ceilDiv(upload.sizeBytes(), upload.partSize());
        List<PartUrl> missing = IntStream.rangeClosed(1, partCount).filter(n -> !present.contains(n))
                .mapToObj(n -> partUrl(upload, n)).toList();
        return state(upload, held, missing);
    }

    /** POST /uploads/{id}/complete: finishes a multipart upload, or confirms a single PUT arrived. */
    public UploadState complete(String user, long id, CompleteUpload request) {
        Upload upload = requireOwned(user, id);
        if (upload.status() == UploadStatus.EXPIRED) {
            throw expired(id);
        }
        if (upload.status() == UploadStatus.UPLOADED) {
            return state(upload, List.of(), List.of());
        }
        if (upload.method() == UploadMethod.MULTIPART) {
            completeMultipart(upload, request == null ? null : request.parts());
        }
        return state(confirmStored(upload), List.of(), List.of());
    }

    /**
     * Checks that a record may be made from the upload: the caller's, not expired, and its bytes in S3
     * with the declared size. A single PUT that arrived stays PENDING here: the statement that creates
     * the record marks it UPLOADED (seed 004 never calls complete), and binds the record to the ETag
     * returned here, the version just checked. Empty when the upload was confirmed before (its ETag
     * was recorded then).
     */
    public Optional<String> requireReadyForRecord(String user, long id) {
        Upload upload = requireOwned(user, id);
        return switch (upload.status()) {
            case UPLOADED -> Optional.empty();
            case EXPIRED -> throw expired(id);
            case PENDING -> {
                if (upload.method() == UploadMethod.MULTIPART) {
                    throw ApiError.conflict("UPLOAD_INCOMPLETE",
                            "Upload " + id + " is not complete: PUT every part, then POST /api/v1/uploads/" + id + "/complete.");
                }
                yield Optional.ofNullable(verifyStored(upload).etag());
            }
        };
    }

    /**
     * A direct upload: streams the body to S3 part by part, never holding the file in memory. When
     * this node already streams as many as its heap allows, it answers 503 with Retry-After at once
     * (nothing is stored) rather than risk running out of memory with every upload in flight.
     */
    public Upload storeDirect(String user, String filename, String declaredType, InputStream body) {
        String contentType = AudioTypes.requireAudio(declaredType == null ? "application/octet-stream" : declaredType);
        String name = Filenames.displayName(filename);
        if (!directUploadSlots.tryAcquire()) {
            throw ApiError.busy("UPLOADS_BUSY", "This server is streaming as many uploads as it can hold; retry shortly, "
                    + "or upload through POST /api/v1/uploads (presigned, straight to storage).");
        }
        try {
            return streamDirect(user, name, contentType, body);
        } finally {
            directUploadSlots.release();
        }
    }

    private Upload streamDirect(String user, String filename, String contentType, InputStream body) {
        String key = newKey(contentType);
        long size;
        try {
            size = store.putStream(key, contentType, body, limits.maxUploadBytes());
        } catch (ObjectTooLargeException e) {
            throw ApiError.tooLarge("UPLOAD_TOO_LARGE", "The file is larger than the limit of " + limits.maxUploadBytes() + " bytes.");
        }
        if (size == 0) {
            store.delete(key);
            throw ApiError.badRequest("EMPTY_UPLOAD", "The file is empty.");
        }
        long stored = size;
        // a key only this server writes, but the record is bound to a version like every other upload's
        String etag = store.head(key).map(ObjectInfo::etag).orElse(null);
        return jdbi.withExtension(UploadDao.class, dao -> dao.insert(user, key, filename, contentType,
                stored, null, UploadMethod.DIRECT, null, null, UploadStatus.UPLOADED, null, Instant.now(), Instant.now(), etag));
    }

    /** Removes an upload nobody will use (a direct upload whose record was refused). */
    public void discard(Upload upload) {
        jdbi.useExtension(UploadDao.class, dao -> dao.delete(upload.id()));
        store.delete(upload.objectKey());
    }

    public Upload requireOwned(String user, long id) {
        return jdbi.withHandle(h -> UploadDao.find(h, id))
                .filter(u -> u.isOwnedBy(user))
                .orElseThrow(() -> notFound(id));
    }

    public static ApiError notFound(long id) {
        return ApiError.notFound("UPLOAD_NOT_FOUND", "Upload not found: " + id);
    }

    public static ApiError expired(long id) {
        return ApiError.conflict("UPLOAD_EXPIRED", "Upload " + id + " has expired; start a new upload.");
    }

    public long requireSize(Long sizeBytes) {
        if (sizeBytes == null) {
            throw ApiError.badRequest("VALIDATION_FAILED", "sizeBytes is required.");
        }
        if (sizeBytes <= 0) {
            throw ApiError.badRequest("EMPTY_UPLOAD", "sizeBytes must be greater than 0; empty files are not audio.");
        }
        if (sizeBytes > limits.maxUploadBytes()) {
            throw ApiError.tooLarge("UPLOAD_TOO_LARGE",
                    "sizeBytes " + sizeBytes + " is above the limit of " + limits.maxUploadBytes() + " bytes.");
        }
        return sizeBytes;
    }

    private void completeMultipart(Upload upload, List<UploadViews.PartRef> given) {
        List<UploadedPart> held = store.listParts(upload.objectKey(), upload.multipartId());
        int partCount = (int) ceilDiv(upload.sizeBytes(), upload.partSize());
        Map<Integer, UploadedPart> byNumber = new HashMap<>();
        held.forEach(p -> byNumber.put(p.partNumber(), p));
        List<UploadedPart> chosen = new ArrayList<>();
        if (given == null || given.isEmpty()) {
            chosen.addAll(held);
        } else {
            java.util.Set<Integer> listed = new java.util.HashSet<>();
            for (UploadViews.PartRef ref : given) {
                if (ref.partNumber() != null && !listed.add(ref.partNumber())) {
                    throw ApiError.badRequest("INVALID_PART", "Part " + ref.partNumber() + " is listed twice; list each part once.");
                }
                UploadedPart part = ref.partNumber() == null ? null : byNumber.get(ref.partNumber());
                if (part == null || ref.etag() == null || !stripQuotes(part.etag()).equals(stripQuotes(ref.etag()))) {
                    throw ApiError.badRequest("INVALID_PART", "Part " + ref.partNumber() + " is not stored with ETag " + ref.etag() + ".");
                }
                chosen.add(part);
            }
        }
        chosen.sort(Comparator.comparingInt(UploadedPart::partNumber));
        if (chosen.size() != partCount || chosen.getLast().partNumber() != partCount) {
            throw ApiError.conflict("UPLOAD_INCOMPLETE", "Upload " + upload.id() + " has " + chosen.size() + " of "
                    + partCount + " parts; GET /api/v1/uploads/" + upload.id() + " lists the missing ones.");
        }
        long total = chosen.stream().mapToLong(UploadedPart::sizeBytes).sum();
        if (total != upload.sizeBytes()) {
            throw ApiError.badRequest("SIZE_MISMATCH", "The parts add up to " + total + " bytes but " + upload.sizeBytes()
                    + " were declared; re-upload the wrong parts.");
        }
        store.completeMultipart(upload.objectKey(), upload.multipartId(), chosen);
    }

    /** Checks the object against the declared size and marks the upload UPLOADED, in the version checked. */
    private Upload confirmStored(Upload upload) {
        ObjectInfo stored = verifyStored(upload);
        jdbi.useExtension(UploadDao.class, dao -> dao.markUploaded(upload.id(), upload.sizeBytes(), stored.etag()));
        return jdbi.withExtension(UploadDao.class, dao -> dao.find(upload.id())).orElseThrow();
    }

    /** What S3 holds for the upload; fails unless its object is there with the declared size. */
    private ObjectInfo verifyStored(Upload upload) {
        Optional<ObjectInfo> stored = store.head(upload.objectKey());
        if (stored.isEmpty()) {
            throw ApiError.conflict("UPLOAD_INCOMPLETE", "Upload " + upload.id() + " has not arrived in storage yet; PUT the file first.");
        }
        if (stored.get().sizeBytes() != upload.sizeBytes()) {
            throw ApiError.badRequest("SIZE_MISMATCH", "The stored file has " + stored.get().sizeBytes() + " bytes but "
                    + upload.sizeBytes() + " were declared.");
        }
        return stored.get();
    }

    private PartUrl partUrl(Upload upload, int partNumber) {
        return new PartUrl(partNumber, store.presignPart(upload.objectKey(), upload.multipartId(), partNumber,
                upload.partBytes(partNumber), limits.presignTtl()).url());
    }

    private static UploadState state(Upload u, List<UploadedPart> held, List<PartUrl> missing) {
        List<StoredPart> parts = held.stream().map(p -> new StoredPart(p.partNumber(), p.etag(), p.sizeBytes())).toList();
        return new UploadState(u.id(), u.status().name(), u.method().name(), u.filename(), u.contentType(), u.sizeBytes(),
                u.partSize(), parts, missing, u.createdAt(), u.expiresAt(), u.uploadedAt());
    }

    private static String newKey(String contentType) {
        return "uploads/" + UUID.randomUUID() + "." + AudioTypes.extension(contentType);
    }

    private static String requireSha256(String sha256) {
        if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
            throw ApiError.badRequest("VALIDATION_FAILED", "sha256 must be 64 hex characters.");
        }
        return sha256;
    }

    private static String stripQuotes(String etag) {
        return etag.replace("\"", "");
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
