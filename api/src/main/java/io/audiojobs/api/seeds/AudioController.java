package io.audiojobs.api.seeds;

import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.http.Bodies;
import io.audiojobs.api.http.Ids;
import io.audiojobs.api.playback.ApiAddress;
import io.audiojobs.api.playback.PlaybackViews.AudioLink;
import io.audiojobs.api.playback.PlaybackViews.PlayRequest;
import io.audiojobs.api.playback.PlaybackViews.PlaySession;
import io.audiojobs.api.playback.PlaybackViews.ProgressWrite;
import io.audiojobs.api.playback.PlaybackViews.ResumePoint;
import io.audiojobs.api.playback.PlaybackViews.StreamInfo;
import io.audiojobs.api.playback.Quality;
import io.audiojobs.api.playback.ResumePoints;
import io.audiojobs.api.playback.StreamLinks;
import io.audiojobs.api.records.RecordService;
import io.audiojobs.shared.records.Record;
import io.javalin.http.Context;

import java.util.UUID;

/**
 * Seed 001's playback routes, as written; {@code scriptId} is a record id. They serve HLS when it
 * is made and fall back to the MP3 or the original otherwise, like GET /api/v1/records/{id}/audio?rendition=hls.
 */
public final class AudioController {
    private final RecordService records;
    private final StreamLinks links;
    private final ResumePoints resumePoints;
    private final Bodies bodies;
    private final ApiAddress address;

    public AudioController(RecordService records, StreamLinks links, ResumePoints resumePoints, Bodies bodies,
                           ApiAddress address) {
        this.address = address;
        this.records = records;
        this.links = links;
        this.resumePoints = resumePoints;
        this.bodies = bodies;
    }

    /** GET /audio/stream/{id}?quality=. */
    public void stream(Context ctx) {
        String user = AuthFilter.user(ctx);
        long id = Ids.pathId(ctx, "id", "RECORD_NOT_FOUND", "Record");
        Quality quality = Quality.parse(ctx.queryParam("quality"));
        Record record = records.requireOwned(user, id);
        AudioLink link = links.link(address.of(ctx), record, StreamLinks.Requested.HLS, quality);
        ResumePoint point = resumePoints.get(user, id);
        ctx.json(new StreamInfo(link.url(), link.expiresAt(), link.rendition(), durationMs(record), point.positionMs(), point.speed()));
    }

    /** POST /audio/play {scriptId, quality?}: the stream and a playback session id to tag progress writes with. */
    public void play(Context ctx) {
        String user = AuthFilter.user(ctx);
        PlayRequest request = bodies.read(ctx, PlayRequest.class);
        Quality quality = Quality.parse(request.quality());
        Record record = records.requireOwned(user, scriptId(request.scriptId()));
        AudioLink link = links.link(address.of(ctx), record, StreamLinks.Requested.HLS, quality);
        ResumePoint point = resumePoints.get(user, record.id());
        ctx.json(new PlaySession(link.url(), link.expiresAt(), link.rendition(), durationMs(record), point.positionMs(),
                point.speed(), UUID.randomUUID().toString()));
    }

    /** PUT /audio/progress {scriptId, positionMs}: 204. */
    public void progress(Context ctx) {
        ProgressWrite write = bodies.read(ctx, ProgressWrite.class);
        resumePoints.save(AuthFilter.user(ctx), scriptId(write.scriptId()), write.positionMs(), write.speed(),
                write.playbackSessionId());
        ctx.status(204);
    }

    private static long scriptId(Long scriptId) {
        if (scriptId == null) {
            throw ApiError.badRequest("VALIDATION_FAILED", "scriptId (a record id) is required.");
        }
        if (scriptId <= 0) {
            throw ApiError.notFound("RECORD_NOT_FOUND", "Record not found: " + scriptId);
        }
        return scriptId;
    }

    /** Measured by convert; until then the length the client declared, if any. */
    private static Long durationMs(Record record) {
        if (record.audioDurationMs() != null) {
            return record.audioDurationMs();
        }
        return record.durationSeconds() == null ? null : record.durationSeconds() * 1000L;
    }
}
