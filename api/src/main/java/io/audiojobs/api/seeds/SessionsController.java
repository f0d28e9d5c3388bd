package io.audiojobs.api.seeds;

import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.records.DirectUploadForm;
import io.audiojobs.api.records.RecordService;
import io.audiojobs.api.records.RecordViews;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.records.Record;
import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;

import java.util.Set;
import java.util.UUID;

/**
 * Seed 002's contract: POST /session/{id}/upload (multipart field "audio"; a new id creates the
 * session) answers at once with the queued job; GET /session/{id}/job-status reports it.
 */
public final class SessionsController {

    public record Queued(String message, String sessionId, UUID jobId, String status) {}

    public record SessionJobStatus(String sessionId, UUID jobId, String status, int progress, String failedReason,
                                   int attemptsMade, long timestamp) {}

    private final RecordService records;
    private final DirectUploadForm directUploads;
    private final Jdbi jdbi;

    public SessionsController(RecordService records, DirectUploadForm directUploads, Jdbi jdbi) {
        this.records = records;
        this.directUploads = directUploads;
        this.jdbi = jdbi;
    }

    public void upload(Context ctx) {
        String user = AuthFilter.user(ctx);
        String sessionId = sessionId(ctx);
        if (findRecordId(user, sessionId) != null) {
            throw ApiError.conflict("SESSION_EXISTS", "Session " + sessionId + " already has its recording.");
        }
        var form = directUploads.read(ctx, user, "audio", Set.of("title", "language"));
        String title = form.fields().getOrDefault("title", "Session " + sessionId);
        Record record = directUploads.keepOnlyIfAccepted(form, () -> records.create(user,
                new NewRecord(title, form.upload().id(), form.fields().get("language"), null, null, false, null),
                (h, created) -> {
                    int inserted = h.createUpdate("""
                                    INSERT INTO sessions (owner_id, id, record_id) VALUES (:owner, :id, :record)
                                    ON CONFLICT DO NOTHING""")
                            .bind("owner", user).bind("id", sessionId).bind("record", created.id()).execute();
                    if (inserted == 0) {
                        throw ApiError.conflict("SESSION_EXISTS", "Session " + sessionId + " already has its recording.");
                    }
                }));
        ctx.status(202).json(new Queued("File uploaded. Processing has been queued.", sessionId, record.jobId(), "QUEUED"));
    }

    public void jobStatus(Context ctx) {
        String user = AuthFilter.user(ctx);
        String sessionId = sessionId(ctx);
        Long recordId = findRecordId(user, sessionId);
        if (recordId == null) {
            throw ApiError.notFound("SESSION_NOT_FOUND", "Session not found: " + sessionId);
        }
        RecordViews.JobStatus status = records.jobStatus(user, recordId);
        ctx.json(new SessionJobStatus(sessionId, status.jobId(), status.status(), status.progress(), status.failedReason(),
                status.attemptsMade(), status.updatedAt().toEpochMilli()));
    }

    private Long findRecordId(String user, String sessionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT record_id FROM sessions WHERE owner_id = :owner AND id = :id")
                .bind("owner", user).bind("id", sessionId).mapTo(Long.class).findOne().orElse(null));
    }

    private static String sessionId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ApiError.badRequest("VALIDATION_FAILED", "A session id is 1-64 letters, digits, '-' or '_'.");
        }
        return id;
    }
}
