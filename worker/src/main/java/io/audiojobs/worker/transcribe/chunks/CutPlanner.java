package io.audiojobs.worker.transcribe.chunks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Decides where {@link PauseSplitter} cuts, from the pauses as they are found. Keeps only the
 * pauses that may still matter for the next cut (those after the current chunk's start), so memory
 * does not grow with the recording; the spans themselves are the only thing that does.
 *
 * <p>For the chunk starting at {@code s}, a cut may go anywhere in {@code [s + minChunk, hi]} where
 * {@code hi = s + maxChunk}, pulled back to {@code total - minChunk} when that still leaves room,
 * so that the chunk after the cut is not too short. The cut goes in the middle of the part of the
 * longest pause inside that window (the later one on ties); with no pause there it is a hard cut
 * at {@code hi}. The rest of the pause the previous cut went into (a silence longer than the
 * window allows to keep whole) is only used when the window holds no other pause: cutting it again
 * makes a chunk of pure silence, which is still better than cutting through a word.
 *
 * <p>A cut is only made while more than {@code maxChunk} is left, so the last span and the one
 * before it together never fit in {@code maxChunk}: merging a short last span back is never
 * possible. The pulled-back window end avoids short last spans instead, whenever {@code maxChunk
 * >= 2 * minChunk}.
 */
final class CutPlanner {

    private final long totalMs;
    private final long maxMs;
    private final long minMs;
    private final List<ChunkSpan> spans = new ArrayList<>();
    /** Pauses ending after {@link #chunkStart}, in order. */
    private final Deque<Pause> pending = new ArrayDeque<>();
    private long chunkStart;
    /** Every pause starting before this time has been seen. */
    private long knownUntil;
    private boolean finished;

    CutPlanner(long totalMs, long maxMs, long minMs) {
        if (totalMs < 0 || maxMs < 1 || minMs < 0 || minMs > maxMs) {
            throw new IllegalArgumentException(
                    "Invalid plan: total " + totalMs + " ms, max " + maxMs + " ms, min " + minMs + " ms");
        }
        this.totalMs = totalMs;
        this.maxMs = maxMs;
        this.minMs = minMs;
    }

    /** Takes the next pause; pauses come in order and do not overlap. */
    void pause(Pause pause) {
        if (finished) {
            throw new IllegalStateException("Plan already finished");
        }
        if (pause.startMs() < knownUntil) {
            throw new IllegalArgumentException(
                    "Pauses must come in order without overlapping: " + pause + " starts before " + knownUntil);
        }
        if (pause.endMs() > chunkStart) {
            pending.addLast(pause);
        }
        knownUntil = pause.endMs();
        cutWhileDecided();
    }

    /** The spans, once every pause has been given. */
    List<ChunkSpan> finish() {
        if (!finished) {
            finished = true;
            knownUntil = Long.MAX_VALUE;
            cutWhileDecided();
            if (totalMs > chunkStart) {
                addSpan(chunkStart, totalMs);
            }
        }
        return List.copyOf(spans);
    }

    private void cutWhileDecided() {
        while (totalMs - chunkStart > maxMs) {
            long hi = windowEnd();
            // a pause not seen yet would start at or after knownUntil, so outside [lo, hi)
            if (knownUntil < hi) {
                return;
            }
            long cut = chooseCut(chunkStart + Math.max(minMs, 1), hi);
            addSpan(chunkStart, cut);
            chunkStart = cut;
            while (!pending.isEmpty() && pending.peekFirst().endMs() <= cut) {
                pending.removeFirst();
            }
        }
    }

    private long windowEnd() {
        long hi = chunkStart + maxMs;
        long leavesMinForTail = totalMs - minMs;
        return leavesMinForTail >= chunkStart + minMs ? Math.min(hi, leavesMinForTail) : hi;
    }

    private long chooseCut(long lo, long hi) {
        Pause best = null;
        long bestStart = 0;
        long bestLength = 0;
        for (Pause pause : pending) {
            if (pause.startMs() >= hi) {
                break;
            }
            long start = Math.max(pause.startMs(), lo);
            long length = Math.min(pause.endMs(), hi) - start;
            if (length <= 0) {
                continue;
            }
            // The rest of the pause the last cut went into only counts when there is nothing else:
            // cutting it again would make a chunk of nothing but silence.
            boolean better = best == null
                    || isContinued(best) && !isContinued(pause)
                    || isContinued(best) == isContinued(pause) && length >= bestLength;
            if (better) {
                best = pause;
                bestStart = start;
                bestLength = length;
            }
        }
        return best == null ? hi : bestStart + bestLength / 2;
    }

    private boolean isContinued(Pause pause) {
        return pause.startMs() < chunkStart;
    }

    private void addSpan(long start, long end) {
        spans.add(new ChunkSpan(spans.size(), start, end));
    }
}
