package io.audiojobs.api.playback;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.http.DisplayText;
import io.audiojobs.api.playback.BookmarkDao.Bookmark;
import io.audiojobs.api.playback.PlaybackViews.BookmarkView;
import io.audiojobs.api.playback.PlaybackViews.BookmarkWrite;
import io.audiojobs.shared.records.Record;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.List;

/**
 * Bookmarks and A-B loops on the caller's records. Positions lie within the audio (400 otherwise;
 * before convert has measured it, within the longest audio the server takes); a loop ends after it
 * starts; a user keeps at most {@link #MAX_PER_RECORD} on a record. The player runs the loop; this keeps it.
 */
public final class Bookmarks {
    static final int MAX_LABEL_CHARS = 200;
    static final int MAX_PER_RECORD = 500;

    private final Jdbi jdbi;
    private final long longestAudioMs;

    /** @param longestAudio MAX_DURATION: the bound on positions while a record's own length is not known yet */
    public Bookmarks(Jdbi jdbi, Duration longestAudio) {
        this.jdbi = jdbi;
        this.longestAudioMs = longestAudio.toMillis();
    }

    /** @param record the caller's record (ownership already checked) */
    public BookmarkView create(Record record, BookmarkWrite write) {
        if (write.positionMs() == null || write.positionMs() < 0) {
            throw ApiError.badRequest("VALIDATION_FAILED", "positionMs is required and must be 0 or more.");
        }
        if (write.endMs() != null && write.endMs() <= write.positionMs()) {
            throw ApiError.badRequest("VALIDATION_FAILED", "endMs must be after positionMs.");
        }
        String label = write.label() == null ? "" : write.label().strip();
        if (label.length() > MAX_LABEL_CHARS) {
            throw ApiError.badRequest("VALIDATION_FAILED", "label must be at most " + MAX_LABEL_CHARS + " characters.");
        }
        DisplayText.require("label", label);
        long last = write.endMs() != null ? write.endMs() : write.positionMs();
        String field = write.endMs() != null ? "endMs" : "positionMs";
        Long duration = record.audioDurationMs();
        if (duration != null ? last > duration : last > longestAudioMs) {
            throw ResumePoints.outOfRange(field, last, duration, longestAudioMs);
        }
        return view(jdbi.withExtension(BookmarkDao.class, dao ->
                        dao.create(record.ownerId(), record.id(), write.positionMs(), write.endMs(), label, MAX_PER_RECORD))
                .orElseThrow(() -> ApiError.conflict("TOO_MANY_BOOKMARKS", "This record has " + MAX_PER_RECORD
                        + " bookmarks of yours, the most there may be; delete some first.")));
    }

    public List<BookmarkView> list(Record record) {
        return jdbi.withExtension(BookmarkDao.class, dao -> dao.list(record.ownerId(), record.id())).stream()
                .map(Bookmarks::view).toList();
    }

    public void delete(Record record, long bookmarkId) {
        if (jdbi.withExtension(BookmarkDao.class, dao -> dao.delete(record.ownerId(), record.id(), bookmarkId)) == 0) {
            throw notFound(bookmarkId);
        }
    }

    static ApiError notFound(Object bookmarkId) {
        return ApiError.notFound("BOOKMARK_NOT_FOUND", "Bookmark not found: " + bookmarkId);
    }

    private static BookmarkView view(Bookmark b) {
        return new BookmarkView(b.id(), b.recordId(), b.positionMs(), b.endMs(), b.label(), b.endMs() != null, b.createdAt());
    }
}
