package io.audiojobs.api.playback;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.playback.BookmarkDao.Bookmark;
import io.audiojobs.api.playback.PlaybackViews.BookmarkView;
import io.audiojobs.api.playback.PlaybackViews.BookmarkWrite;
import io.audiojobs.shared.records.Record;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * Bookmarks and A-B loops on the caller's records. Positions lie within the audio once convert has
 * measured it (400 otherwise); a loop ends after it starts. The player runs the loop; this keeps it.
 */
public final class Bookmarks {
    static final int MAX_LABEL_CHARS = 200;

    private final Jdbi jdbi;

    public Bookmarks(Jdbi jdbi) {
        this.jdbi = jdbi;
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
        Long duration = record.audioDurationMs();
        if (duration != null) {
            long last = write.endMs() != null ? write.endMs() : write.positionMs();
            if (last > duration) {
                throw ResumePoints.outOfRange(write.endMs() != null ? "endMs" : "positionMs", last, duration);
            }
        }
        return view(jdbi.withExtension(BookmarkDao.class,
                dao -> dao.create(record.ownerId(), record.id(), write.positionMs(), write.endMs(), label)));
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
