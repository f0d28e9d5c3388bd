package io.audiojobs.api.records;

import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.http.Bodies;
import io.audiojobs.api.http.Ids;
import io.audiojobs.api.records.RecordViews.Accepted;
import io.audiojobs.api.records.RecordViews.CreateRecord;
import io.audiojobs.api.records.RecordViews.Page;
import io.audiojobs.api.records.RecordViews.RecordView;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.records.Record;
import io.javalin.http.Context;

import java.util.List;
import java.util.Set;

/** /api/v1/records: create (JSON or direct multipart upload), read, list, delete, job-status (audio: see playback). */
public final class RecordsController {
    private final RecordService records;
    private final DirectUploadForm directUploads;
    private final Bodies bodies;

    public RecordsController(RecordService records, DirectUploadForm directUploads, Bodies bodies) {
        this.records = records;
        this.directUploads = directUploads;
        this.bodies = bodies;
    }

    public void create(Context ctx) {
        String user = AuthFilter.user(ctx);
        Record record = ctx.isMultipartFormData() ? createFromDirectUpload(ctx, user) : createFromUpload(ctx, user);
        ctx.status(202).json(new Accepted(RecordView.of(record), record.jobId(), statusUrl(record.id())));
    }

    private Record createFromUpload(Context ctx, String user) {
        CreateRecord body = bodies.read(ctx, CreateRecord.class);
        if (body.uploadId() == null) {
            throw ApiError.badRequest("VALIDATION_FAILED", "uploadId is required.");
        }
        return records.create(user, new NewRecord(body.title(), body.uploadId(), body.language(), body.songId(),
                body.durationSeconds(), Boolean.TRUE.equals(body.deleteAudioAfterProcessing()), body.webhookUrl()));
    }

    private Record createFromDirectUpload(Context ctx, String user) {
        var form = directUploads.read(ctx, user, "audio", Set.of("title", "language"));
        String title = form.fields().getOrDefault("title", form.upload().filename());
        return directUploads.keepOnlyIfAccepted(form, () -> records.create(user,
                new NewRecord(title, form.upload().id(), form.fields().get("language"), null, null, false, null)));
    }

    public void get(Context ctx) {
        ctx.json(RecordView.of(records.requireOwned(AuthFilter.user(ctx), recordId(ctx))));
    }

    public void list(Context ctx) {
        int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(20);
        if (limit < 1 || limit > 100) {
            throw ApiError.badRequest("VALIDATION_FAILED", "limit must be between 1 and 100.");
        }
        long beforeId = Cursor.beforeId(ctx.queryParam("cursor"));
        List<Record> page = records.list(AuthFilter.user(ctx), beforeId, limit + 1);
        boolean more = page.size() > limit;
        List<Record> items = more ? page.subList(0, limit) : page;
        String next = more ? Cursor.after(items.getLast().id()) : null;
        ctx.json(new Page(items.stream().map(RecordView::of).toList(), next));
    }

    public void delete(Context ctx) {
        records.delete(AuthFilter.user(ctx), recordId(ctx));
        ctx.status(204);
    }

    public void jobStatus(Context ctx) {
        ctx.json(records.jobStatus(AuthFilter.user(ctx), recordId(ctx)));
    }

    static String statusUrl(long recordId) {
        return "/api/v1/records/" + recordId + "/job-status";
    }

    private static long recordId(Context ctx) {
        return Ids.pathId(ctx, "id", "RECORD_NOT_FOUND", "Record");
    }
}
