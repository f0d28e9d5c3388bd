package io.audiojobs.api.events;

import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.http.Ids;
import io.audiojobs.api.records.RecordService;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;

/**
 * GET /api/v1/records/{id}/events: the record's job-status as server-sent events. Ownership is
 * checked before the stream opens, so a foreign or unknown record is a plain 404; a user or node
 * past its number of open streams gets 429 ({@link StreamQuota}). With {@code ?playback=true} a
 * player also hears of the resume point its other devices write (and its stream stays open).
 */
public final class EventsController {
    private final RecordService records;
    private final RecordEvents events;
    private final StreamQuota quota;

    public EventsController(RecordService records, RecordEvents events, StreamQuota quota) {
        this.records = records;
        this.events = events;
        this.quota = quota;
    }

    public void events(Context ctx) throws Exception {
        long id = Ids.pathId(ctx, "id", "RECORD_NOT_FOUND", "Record");
        String user = AuthFilter.user(ctx);
        records.requireOwned(user, id);
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiError(406, "NOT_ACCEPTABLE", "This is an event stream: send Accept: text/event-stream (EventSource does).");
        }
        boolean followPlayback = "true".equalsIgnoreCase(ctx.queryParam("playback"));
        StreamQuota.Permit permit = acquire(ctx, user);
        try {
            new SseHandler(client -> events.subscribe(id, client, followPlayback, permit::close)).handle(ctx);
        } catch (Exception | Error e) {
            permit.close();
            throw e;
        }
    }

    private StreamQuota.Permit acquire(Context ctx, String user) {
        try {
            return quota.acquire(user);
        } catch (ApiError e) {
            ctx.header("Retry-After", String.valueOf(StreamQuota.RETRY_AFTER_SECONDS));
            throw e;
        }
    }
}
