package io.audiojobs.api.playback;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.shared.playback.HlsLayout;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.storage.ObjectRead;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.storage.UnsatisfiableRangeException;
import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Serves HLS playlists and segments under a signed token in the path, with no other credential:
 * {@code /api/v1/hls/<token>/master.m3u8} and {@code /api/v1/hls/<token>/<low|high>/<file>}. The
 * playlists are stored as ffmpeg wrote them, with relative names, so every URL a player derives from
 * them carries the token too. Only names {@link HlsLayout} knows are served; Range requests are
 * answered from the object store with 206.
 */
public final class HlsController {
    public static final String PATH = "/api/v1/hls/";
    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d{1,15}-\\d{0,15}|-\\d{1,15})");
    private static final long MAX_CACHE_SECONDS = 3_600;

    private final Jdbi jdbi;
    private final ObjectStore store;
    private final PlaybackLinks links;

    public HlsController(Jdbi jdbi, ObjectStore store, PlaybackLinks links) {
        this.jdbi = jdbi;
        this.store = store;
        this.links = links;
    }

    /** GET /api/v1/hls/{token}/{file}: the master playlist. */
    public void master(Context ctx) {
        PlaybackLinks.Grant grant = verify(ctx);
        if (!ctx.pathParam("file").equals(HlsLayout.MASTER)) {
            throw notFound();
        }
        serve(ctx, HlsLayout.masterKey(grant.recordId()), grant);
    }

    /** GET /api/v1/hls/{token}/{variant}/{file}: a variant playlist or one of its segments. */
    public void variantFile(Context ctx) {
        PlaybackLinks.Grant grant = verify(ctx);
        String key = HlsLayout.Variant.ofFolder(ctx.pathParam("variant"))
                .flatMap(variant -> HlsLayout.variantFileKey(grant.recordId(), variant, ctx.pathParam("file")))
                .orElseThrow(HlsController::notFound);
        serve(ctx, key, grant);
    }

    private PlaybackLinks.Grant verify(Context ctx) {
        return links.verify(ctx.pathParam("token"),
                id -> jdbi.withHandle(h -> RecordDao.find(h, id)).map(Record::ownerId));
    }

    private void serve(Context ctx, String key, PlaybackLinks.Grant grant) {
        boolean playlist = key.endsWith(".m3u8");
        // a playlist is small and always sent whole; a segment honours one byte range (anything else: all of it)
        Optional<String> range = Optional.ofNullable(ctx.header("Range"))
                .filter(r -> !playlist && SINGLE_RANGE.matcher(r).matches());
        ObjectRead read;
        try {
            read = store.open(key, range).orElseThrow(HlsController::notFound);
        } catch (UnsatisfiableRangeException e) {
            throw new ApiError(416, "RANGE_NOT_SATISFIABLE", "The requested range is not within the file.");
        }
        ctx.header("Accept-Ranges", "bytes");
        // kept no longer than the link is good: a browser's cache must not outlive the link (nor a deletion)
        long linkLeft = Math.max(0, grant.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
        ctx.header("Cache-Control", "private, max-age=" + Math.min(MAX_CACHE_SECONDS, linkLeft));
        // the token is the credential, not a cookie: any page may fetch these (hls.js from another origin)
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.contentType(HlsLayout.contentTypeOf(key));
        if (read.isPartial()) {
            ctx.status(206).header("Content-Range", read.contentRange());
        }
        if (playlist) {
            ctx.result(readAll(read)); // small; Javalin may compress it
        } else {
            ctx.header("Content-Length", String.valueOf(read.length()));
            ctx.result(read.body()); // Javalin streams it and closes it
        }
    }

    private static byte[] readAll(ObjectRead read) {
        try (read) {
            return read.body().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiError notFound() {
        return ApiError.notFound("RENDITION_NOT_AVAILABLE", "No such file in this record's HLS rendition.");
    }
}
