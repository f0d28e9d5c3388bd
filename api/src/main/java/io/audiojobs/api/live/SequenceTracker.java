package io.audiojobs.api.live;

import io.audiojobs.shared.live.LiveChunkDao;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which sequences of one session this connection knows to be stored, to ack duplicates without
 * touching storage and to report gaps as they open. It holds only the first and last sequence and the
 * missing ones between them, so it does not grow with the session's length. Another connection may
 * store chunks of the same session meanwhile: then a chunk thought new is a duplicate in the database,
 * which the chunk statement finds out. A chunk is called a duplicate only when this tracker knows it
 * is stored: resumed from an incomplete list of missing sequences, it leaves what lies past the list
 * to the database.
 */
final class SequenceTracker {
    /** More missing chunks than this at once is no longer a gap to fill but a broken client. */
    static final int MAX_MISSING = 10_000;

    enum Verdict { NEW, DUPLICATE, BEFORE_START, TOO_FAR_AHEAD }

    private Long first;
    private long last;
    private final TreeSet<Long> missing = new TreeSet<>();
    /** Sequences above this, up to {@code last}, may be stored or missing: the list it was resumed from ended there. */
    private long knownUpTo = Long.MAX_VALUE;

    static SequenceTracker fresh() {
        return new SequenceTracker();
    }

    /** @param complete whether {@code missing} holds every missing sequence, or only the lowest ones */
    static SequenceTracker resumed(Optional<LiveChunkDao.Extent> extent, List<Long> missing, boolean complete) {
        SequenceTracker tracker = new SequenceTracker();
        extent.ifPresent(e -> {
            tracker.first = e.first();
            tracker.last = e.last();
            tracker.missing.addAll(missing);
            if (!complete) {
                tracker.knownUpTo = missing.isEmpty() ? e.first() : missing.getLast();
            }
        });
        return tracker;
    }

    Verdict check(long sequence) {
        if (first == null) {
            return Verdict.NEW;
        }
        Verdict range = range(first, last, missing.size(), sequence);
        if (range != Verdict.NEW || sequence > last) {
            return range;
        }
        return missing.contains(sequence) || sequence > knownUpTo ? Verdict.NEW : Verdict.DUPLICATE;
    }

    /**
     * The rule for where a session's next chunk may fall, given its stored range and how many are missing
     * in it: not before the first, and not so far past the last that more than {@link #MAX_MISSING} would
     * be missing. The connection's tracker and the store ({@link LiveSessions#storeChunk}, which sees what
     * other connections stored) both ask it. NEW here means only "within range".
     */
    static Verdict range(long first, long last, long missingCount, long sequence) {
        if (sequence < first) {
            return Verdict.BEFORE_START;
        }
        if (sequence > last && sequence - last - 1 + missingCount > MAX_MISSING) {
            return Verdict.TOO_FAR_AHEAD;
        }
        return Verdict.NEW;
    }

    /** Records a stored chunk; returns the sequences this chunk revealed as missing (none, mostly). */
    List<Long> stored(long sequence) {
        if (first == null) {
            first = sequence;
            last = sequence;
            return List.of();
        }
        if (sequence <= last) {
            missing.remove(sequence);
            return List.of();
        }
        List<Long> opened = new ArrayList<>();
        for (long s = last + 1; s < sequence; s++) {
            missing.add(s);
            opened.add(s);
        }
        last = sequence;
        return opened;
    }

    Long first() {
        return first;
    }
}
