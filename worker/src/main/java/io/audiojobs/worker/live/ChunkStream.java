package io.audiojobs.worker.live;

import io.audiojobs.shared.live.LiveChunkDao;
import io.audiojobs.shared.live.LiveKeys;
import io.audiojobs.shared.storage.ObjectStore;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

/**
 * A session's stored chunks as one stream, in sequence order, from its first stored sequence up to
 * {@code last}: the bytes the client recorded, put back together. A missing sequence is skipped.
 * Holds one page of sequence numbers and one open object at a time, whatever the session's length.
 */
final class ChunkStream extends InputStream {
    private static final int PAGE = 500;

    private final Jdbi jdbi;
    private final ObjectStore store;
    private final UUID sessionId;
    private final long last;
    private final Deque<Long> page = new ArrayDeque<>();
    private long next;
    private InputStream current;
    private long chunksRead;

    ChunkStream(Jdbi jdbi, ObjectStore store, UUID sessionId, long first, long last) {
        this.jdbi = jdbi;
        this.store = store;
        this.sessionId = sessionId;
        this.next = first;
        this.last = last;
    }

    long chunksRead() {
        return chunksRead;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            if (current == null && !openNext()) {
                return -1;
            }
            int n = current.read(buffer, offset, length);
            if (n >= 0) {
                return n;
            }
            current.close();
            current = null;
        }
    }

    private boolean openNext() {
        if (page.isEmpty() && next <= last) {
            page.addAll(jdbi.withExtension(LiveChunkDao.class, dao -> dao.sequencesFrom(sessionId, next, PAGE)));
            if (page.isEmpty()) {
                next = last + 1;
            }
        }
        Long sequence = page.pollFirst();
        if (sequence == null || sequence > last) {
            return false;
        }
        next = sequence + 1;
        current = store.read(LiveKeys.chunk(sessionId, sequence));
        chunksRead++;
        return true;
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
