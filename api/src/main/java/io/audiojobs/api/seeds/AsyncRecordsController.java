package io.audiojobs.api.seeds;

import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.http.Bodies;
import io.audiojobs.api.http.Ids;
import io.audiojobs.api.records.Cursor;
import io.audiojobs.api.records.RecordService;
import io.audiojobs.api.uploads.AudioTypes;
import io.audiojobs.api.uploads.UploadPlanReplay;
import io.audiojobs.api.uploads.UploadService;
import io.audiojobs.api.uploads.UploadViews.PutPlan;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.records.OriginalAudio;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.uploads.Upload;
import io.javalin.http.Context;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Seed 004's contract, served as written: /records/async/presigned-url (form fields, as its
 * browser client sends them), /records/async, /records/async/{id}, /records/async/me.
 */
public final class AsyncRecordsController {
    private static final Duration PUBLIC_URL_TTL = Duration.ofHours(1);
    /** GET /records/async/me: records per page unless the client asks for another number, and the most it may ask for. */
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 100;
    public static final String NEXT_CURSOR = "X-Next-Cursor";

    public record PresignedUploadResponse(long uploadId, URI presignedUrl, String s3Key, Instant expirationTime) {}

    public record CreateRecordRequest(String title, Long uploadId, Long songId, Integer durationSeconds) {}

    public record RecordResponse(long id, String title, String userId, Long songId, long uploadId, Integer durationSeconds,
                                 String processingStatus, String s3Key, URI publicUrl, Instant createdAt, Instant updatedAt) {}

    private final UploadService uploads;
    private final RecordService records;
    private final Bodies bodies;
    private final ObjectStore store;
    private final UploadPlanReplay planReplay;

    public AsyncRecordsController(UploadService uploads, RecordService records, Bodies bodies, ObjectStore store,
                                  UploadPlanReplay planReplay) {
        this.uploads = uploads;
        this.records = records;
        this.bodies = bodies;
        this.store = store;
        this.planReplay = planReplay;
    }

    public void presignedUrl(Context ctx) {
        String user = AuthFilter.user(ctx);
        String filename = requiredField(ctx, "originalFilename");
        long size = uploads.requireSize(longField(ctx, "fileSize", true));
        String contentType = AudioTypes.requireAudio(requiredField(ctx, "contentType"));
        Long duration = longField(ctx, "durationSeconds", false);
        if (duration != null && (duration < 0 || duration > Integer.MAX_VALUE)) {
            throw ApiError.badRequest("VALIDATION_FAILED", "durationSeconds must be a whole number of seconds, 0 or more.");
        }
        PutPlan plan = uploads.createSeed004Put(user, filename, contentType, size, duration == null ? null : duration.intValue());
        Upload upload = uploads.requireOwned(user, plan.uploadId());
        ctx.json(new PresignedUploadResponse(plan.uploadId(), plan.url(), upload.objectKey(), plan.expiresAt()));
    }

    /** The presigned-url answer again, for an Idempotency-Key replay: a fresh URL, valid no longer than the upload. */
    public PresignedUploadResponse replayPresignedUrl(String user, long uploadId) {
        Upload upload = uploads.requireOwned(user, uploadId);
        PutPlan plan = planReplay.seed004Put(upload);
        return new PresignedUploadResponse(plan.uploadId(), plan.url(), upload.objectKey(), plan.expiresAt());
    }

    /** The record as POST /records/async answered it, for an Idempotency-Key replay (a fresh publicUrl). */
    public RecordResponse replayRecord(String user, long recordId) {
        return view(records.requireOwned(user, recordId));
    }

    public void create(Context ctx) {
        String user = AuthFilter.user(ctx);
        CreateRecordRequest body = bodies.read(ctx, CreateRecordRequest.class);
        if (body.uploadId() == null) {
            throw ApiError.badRequest("VALIDATION_FAILED", "uploadId is required.");
        }
        Record record = records.create(user, new NewRecord(body.title(), body.uploadId(), null, body.songId(),
                body.durationSeconds(), false, null));
        ctx.json(view(record));
    }

    public void get(Context ctx) {
        ctx.json(view(records.requireOwned(AuthFilter.user(ctx), recordId(ctx))));
    }

    /**
     * The caller's records, newest first, a page at a time: the seed's JSON array, with the cursor
     * of the next page in X-Next-Cursor (and a Link rel="next") while there are more. Each record
     * carries a freshly signed URL, so a page is never larger than {@value #MAX_PAGE}.
     */
    public void mine(Context ctx) {
        int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(DEFAULT_PAGE);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiError.badRequest("VALIDATION_FAILED", "limit must be between 1 and " + MAX_PAGE + ".");
        }
        List<Record> page = records.list(AuthFilter.user(ctx), Cursor.beforeId(ctx.queryParam("cursor")), limit + 1);
        List<Record> items = page.size() > limit ? page.subList(0, limit) : page;
        if (page.size() > limit) {
            String next = Cursor.after(items.getLast().id());
            ctx.header(NEXT_CURSOR, next);
            ctx.header("Link", "</records/async/me?limit=" + limit + "&cursor=" + next + ">; rel=\"next\"");
        }
        ctx.json(items.stream().map(this::view).toList());
    }

    public void delete(Context ctx) {
        records.delete(AuthFilter.user(ctx), recordId(ctx));
        ctx.status(204);
    }

    /**
     * s3Key and publicUrl name the record's own copy of the recording (see {@link OriginalAudio}), not the
     * key the client PUT to, which its presigned URL can still replace: the URL answers 404 until the
     * convert step made that copy, moments after the record.
     */
    private RecordResponse view(Record r) {
        String processing = switch (r.status()) {
            case COMPLETED -> "COMPLETED";
            case FAILED -> "FAILED";
            default -> "PROCESSING";
        };
        String key = OriginalAudio.key(r.id());
        URI publicUrl = store.presignGet(key, PUBLIC_URL_TTL).url();
        return new RecordResponse(r.id(), r.title(), r.ownerId(), r.songId(), r.uploadId(), r.durationSeconds(), processing,
                key, publicUrl, r.createdAt(), r.updatedAt());
    }

    private static String requiredField(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null || value.isBlank()) {
            throw ApiError.badRequest("VALIDATION_FAILED", name + " is required.");
        }
        return value.trim();
    }

    private static Long longField(Context ctx, String name, boolean required) {
        String value = ctx.formParam(name);
        if (value == null || value.isBlank()) {
            if (required) {
                throw ApiError.badRequest("VALIDATION_FAILED", name + " is required.");
            }
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("VALIDATION_FAILED", name + " must be a whole number.");
        }
    }

    private static long recordId(Context ctx) {
        return Ids.pathId(ctx, "id", "RECORD_NOT_FOUND", "Record");
    }
}
