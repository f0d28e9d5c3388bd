package io.audiojobs.api.playback;

import io.audiojobs.shared.db.TransactionLocks;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bookmarks table: a user's marks and A-B loops on one of their records. */
@RegisterConstructorMapper(BookmarkDao.Bookmark.class)
public interface BookmarkDao extends SqlObject {

    record Bookmark(long id, String ownerId, long recordId, long positionMs, Long endMs, String label, Instant createdAt) {}

    /**
     * A new bookmark, unless the user already has {@code max} on the record (empty then). Concurrent
     * creations on one record of one user queue on its lock ({@link TransactionLocks}), so they cannot
     * pass the limit together.
     */
    @Transaction
    default Optional<Bookmark> create(String owner, long recordId, long positionMs, Long endMs, String label, int max) {
        TransactionLocks.lock(getHandle(), "bookmarks:" + owner + ":" + recordId);
        return insertBelow(owner, recordId, positionMs, endMs, label, max);
    }

    @SqlQuery("""
            INSERT INTO bookmarks (owner_id, record_id, position_ms, end_ms, label)
            SELECT :owner, :recordId, :positionMs, :endMs, :label
            WHERE (SELECT count(*) FROM bookmarks WHERE record_id = :recordId AND owner_id = :owner) < :max
            RETURNING *
            """)
    Optional<Bookmark> insertBelow(@Bind("owner") String owner, @Bind("recordId") long recordId, @Bind("positionMs") long positionMs,
                                   @Bind("endMs") Long endMs, @Bind("label") String label, @Bind("max") int max);

    @SqlQuery("SELECT * FROM bookmarks WHERE record_id = :recordId AND owner_id = :owner ORDER BY position_ms, id")
    List<Bookmark> list(@Bind("owner") String owner, @Bind("recordId") long recordId);

    @SqlUpdate("DELETE FROM bookmarks WHERE id = :id AND record_id = :recordId AND owner_id = :owner")
    int delete(@Bind("owner") String owner, @Bind("recordId") long recordId, @Bind("id") long id);
}
