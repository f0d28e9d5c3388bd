package io.audiojobs.worker.transcribe.chunks;

/**
 * One piece of a recording to transcribe on its own: {@code [startMs, endMs)} in milliseconds from
 * the start of the audio. {@code index} is its 0-based position among the pieces.
 */
public record ChunkSpan(int index, long startMs, long endMs) {

    public ChunkSpan {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative: " + index);
        }
        if (startMs < 0 || endMs < startMs) {
            throw new IllegalArgumentException("Invalid span [" + startMs + ", " + endMs + ")");
        }
    }

    public long durationMs() {
        return endMs - startMs;
    }
}
