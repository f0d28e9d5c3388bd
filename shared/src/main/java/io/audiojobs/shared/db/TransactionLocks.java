package io.audiojobs.shared.db;

import org.jdbi.v3.core.Handle;

/**
 * PostgreSQL advisory locks held to the end of the caller's transaction. Writers that check a count
 * before they add to it (an owner's live sessions, API keys, bookmarks) take the lock of what they
 * count first, so that concurrent writers, on any API node, queue instead of passing a limit together.
 */
public final class TransactionLocks {
    private TransactionLocks() {}

    /** Waits for, then holds until commit or rollback, the lock named {@code key} (hashed to 64 bits). */
    public static void lock(Handle handle, String key) {
        handle.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", key);
    }
}
