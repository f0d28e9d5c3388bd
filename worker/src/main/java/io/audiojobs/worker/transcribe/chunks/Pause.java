package io.audiojobs.worker.transcribe.chunks;

/**
 * A stretch of silence found by {@link SilenceDetector}: {@code [startMs, endMs)} in milliseconds
 * from the start of the audio.
 */
public record Pause(long startMs, long endMs) {

    public Pause {
        if (startMs < 0 || endMs < startMs) {
            throw new IllegalArgumentException("Invalid pause [" + startMs + ", " + endMs + ")");
        }
    }

    public long durationMs() {
        return endMs - startMs;
    }
}
