package io.audiojobs.api.playback;

import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.api.http.Bodies;
import io.audiojobs.api.http.Ids;
import io.audiojobs.api.playback.PlaybackViews.BookmarkWrite;
import io.audiojobs.api.playback.PlaybackViews.PositionWrite;
import io.audiojobs.api.records.RecordService;
import io.audiojobs.shared.records.Record;
import io.javalin.http.Context;

/**
 * /api/v1/records/{id}/audio, /playback and /bookmarks: links to play a record, the caller's resume
 * point (with the last speed) and their bookmarks and A-B loops.
 */
public final class PlaybackController {
    private final RecordService records;
    private final StreamLinks links;
    private final ResumePoints resumePoints;
    private final Bookmarks bookmarks;
    private final Bodies bodies;
    private final ApiAddress address;

    public PlaybackController(RecordService records, StreamLinks links, ResumePoints resumePoints, Bookmarks bookmarks,
                              Bodies bodies, ApiAddress address) {
        this.address = address;
        this.records = records;
        this.links = links;
        this.resumePoints = resumePoints;
        this.bookmarks = bookmarks;
        this.bodies = bodies;
    }

    public void audio(Context ctx) {
        Record record = records.requireOwned(AuthFilter.user(ctx), recordId(ctx));
        ctx.json(links.link(address.of(ctx), record, StreamLinks.requested(ctx.queryParam("rendition")),
                Quality.parse(ctx.queryParam("quality"))));
    }

    public void getPosition(Context ctx) {
        ctx.json(resumePoints.get(AuthFilter.user(ctx), recordId(ctx)));
    }

    public void putPosition(Context ctx) {
        long id = recordId(ctx);
        PositionWrite write = bodies.read(ctx, PositionWrite.class);
        ctx.json(resumePoints.save(AuthFilter.user(ctx), id, write.positionMs(), write.speed(), write.playbackSessionId()));
    }

    public void createBookmark(Context ctx) {
        Record record = records.requireOwned(AuthFilter.user(ctx), recordId(ctx));
        ctx.status(201).json(bookmarks.create(record, bodies.read(ctx, BookmarkWrite.class)));
    }

    public void listBookmarks(Context ctx) {
        ctx.json(bookmarks.list(records.requireOwned(AuthFilter.user(ctx), recordId(ctx))));
    }

    public void deleteBookmark(Context ctx) {
        Record record = records.requireOwned(AuthFilter.user(ctx), recordId(ctx));
        bookmarks.delete(record, Ids.pathId(ctx, "bookmarkId", "BOOKMARK_NOT_FOUND", "Bookmark"));
        ctx.status(204);
    }

    static long recordId(Context ctx) {
        return Ids.pathId(ctx, "id", "RECORD_NOT_FOUND", "Record");
    }
}
