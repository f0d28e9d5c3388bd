package io.audiojobs.api.uploads;

import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.api.http.Bodies;
import io.audiojobs.api.http.Ids;
import io.javalin.http.Context;

/** /api/v1/uploads: presign, resume, complete. */
public final class UploadsController {
    private final UploadService uploads;
    private final Bodies bodies;

    public UploadsController(UploadService uploads, Bodies bodies) {
        this.uploads = uploads;
        this.bodies = bodies;
    }

    public void create(Context ctx) {
        var request = bodies.read(ctx, UploadViews.CreateUpload.class);
        ctx.status(201).json(uploads.create(AuthFilter.user(ctx), request));
    }

    public void get(Context ctx) {
        ctx.json(uploads.describe(AuthFilter.user(ctx), uploadId(ctx)));
    }

    public void complete(Context ctx) {
        var request = ctx.bodyAsBytes().length == 0 ? null : bodies.read(ctx, UploadViews.CompleteUpload.class);
        ctx.json(uploads.complete(AuthFilter.user(ctx), uploadId(ctx), request));
    }

    private static long uploadId(Context ctx) {
        return Ids.pathId(ctx, "id", "UPLOAD_NOT_FOUND", "Upload");
    }
}
