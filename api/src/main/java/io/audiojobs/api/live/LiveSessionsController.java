package io.audiojobs.api.live;

import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.http.Bodies;
import io.audiojobs.shared.live.LiveKeys;
import io.audiojobs.shared.live.LivePiece;
import io.audiojobs.shared.live.LiveSession;
import io.audiojobs.shared.renditions.RenditionDao;
import io.audiojobs.shared.renditions.RenditionKind;
import io.audiojobs.shared.storage.ObjectStore;
import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;

import java.util.UUID;

/**
 * Seed 003's REST view of live sessions: /api/sessions, a session, its full audio and its chunks'
 * audio (16 kHz mono PCM16 WAV), and a chunk's retranscription. The caller's sessions only; any
 * other id, well-formed or not, is 404.
 */
public final class LiveSessionsController {
    private final LiveSessions sessions;
    private final Bodies bodies;
    private final Jdbi jdbi;
    private final ObjectStore store;

    public LiveSessionsController(LiveSessions sessions, Bodies bodies, Jdbi jdbi, ObjectStore store) {
        this.sessions = sessions;
        this.bodies = bodies;
        this.jdbi = jdbi;
        this.store = store;
    }

    public void list(Context ctx) {
        int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(20);
        int offset = ctx.queryParamAsClass("offset", Integer.class).getOrDefault(0);
        if (limit < 1 || limit > 100 || offset < 0) {
            throw ApiError.badRequest("VALIDATION_FAILED", "limit must be between 1 and 100, offset 0 or more.");
        }
        ctx.json(sessions.list(AuthFilter.user(ctx), limit, offset));
    }

    public void get(Context ctx) {
        ctx.json(sessions.view(owned(ctx)));
    }

    public void delete(Context ctx) {
        sessions.delete(owned(ctx));
        ctx.status(204);
    }

    /**
     * The whole session as 16 kHz mono PCM16 WAV: the record's normalized audio, which the convert
     * step makes from the assembled stream once the session has stopped.
     */
    public void fullWav(Context ctx) {
        LiveSession session = owned(ctx);
        String key = session.recordId() == null ? null : jdbi.withExtension(RenditionDao.class,
                dao -> dao.find(session.recordId(), RenditionKind.NORMALIZED_WAV)).map(r -> r.objectKey()).orElse(null);
        if (key == null) {
            throw ApiError.conflict("AUDIO_NOT_READY", "The session's full audio is made once it has stopped and its "
                    + "record is converted" + (session.recordId() == null ? "." : " (record " + session.recordId() + ")."));
        }
        wav(ctx, key, "session-" + session.id() + ".wav");
    }

    public void chunkWav(Context ctx) {
        LiveSession session = owned(ctx);
        String raw = ctx.pathParam("index");
        int index;
        try {
            index = Integer.parseInt(raw.endsWith(".wav") ? raw.substring(0, raw.length() - 4) : raw);
        } catch (NumberFormatException e) {
            throw chunkNotFound(session.id(), raw);
        }
        LivePiece piece = sessions.pieceAt(session.id(), index).orElseThrow(() -> chunkNotFound(session.id(), raw));
        wav(ctx, LiveKeys.piece(session.id(), piece.index()), "session-" + session.id() + "-chunk-" + index + ".wav");
    }

    public void retranscribe(Context ctx) {
        LiveSession session = owned(ctx);
        LiveViews.RetranscribeRequest body = ctx.bodyAsBytes().length == 0
                ? new LiveViews.RetranscribeRequest(null, null)
                : bodies.read(ctx, LiveViews.RetranscribeRequest.class);
        sessions.requireLanguageAndModel(body.language(), body.model());
        String raw = ctx.pathParam("chunkId");
        LivePiece piece = ClientMessages.parseUuid(raw).flatMap(sessions::piece)
                .filter(p -> p.sessionId().equals(session.id()))
                .orElseThrow(() -> chunkNotFound(session.id(), raw));
        LivePiece pending = sessions.retranscribe(piece, body.language(), body.model());
        ctx.status(202).json(new LiveViews.RetranscribeAccepted(session.id(), LiveViews.ChunkView.of(pending)));
    }

    private void wav(Context ctx, String key, String filename) {
        ctx.contentType("audio/wav");
        ctx.header("Content-Disposition", "inline; filename=" + filename);
        ctx.result(store.read(key));
    }

    private LiveSession owned(Context ctx) {
        String raw = ctx.pathParam("id");
        UUID id = ClientMessages.parseUuid(raw).orElseThrow(() -> notFound(raw));
        return sessions.owned(AuthFilter.user(ctx), id).orElseThrow(() -> notFound(raw));
    }

    private static ApiError notFound(String id) {
        return ApiError.notFound("SESSION_NOT_FOUND", "Session not found: " + id);
    }

    private static ApiError chunkNotFound(UUID session, String chunk) {
        return ApiError.notFound("CHUNK_NOT_FOUND", "Session " + session + " has no chunk " + chunk + ".");
    }
}
