package io.audiojobs.worker.transcribe.chunks;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link PauseSplitter} cuts a recording.
 *
 * @param rmsThreshold a 10 ms frame whose RMS is below this fraction of full scale is silent
 *     ({@link #DEFAULT_RMS_THRESHOLD} = 0.008, about -42 dBFS)
 * @param minSilence shortest run of silent frames that counts as a pause where a cut may go
 *     ({@link #DEFAULT_MIN_SILENCE} = 300 ms)
 * @param maxChunk no chunk is longer than this (the engine's limit); millisecond precision
 * @param minChunk no chunk but the last is shorter than this, between 0 and {@code maxChunk}
 */
public record SplitSettings(double rmsThreshold, Duration minSilence, Duration maxChunk, Duration minChunk) {

    public static final double DEFAULT_RMS_THRESHOLD = 0.008;
    public static final Duration DEFAULT_MIN_SILENCE = Duration.ofMillis(300);

    public SplitSettings {
        Objects.requireNonNull(minSilence, "minSilence");
        Objects.requireNonNull(maxChunk, "maxChunk");
        Objects.requireNonNull(minChunk, "minChunk");
        if (!(rmsThreshold > 0 && rmsThreshold <= 1)) {
            throw new IllegalArgumentException("rmsThreshold must be in (0, 1]: " + rmsThreshold);
        }
        if (minSilence.toMillis() < 1) {
            throw new IllegalArgumentException("minSilence must be at least 1 ms: " + minSilence);
        }
        if (maxChunk.toMillis() < 1) {
            throw new IllegalArgumentException("maxChunk must be at least 1 ms: " + maxChunk);
        }
        if (minChunk.isNegative() || minChunk.compareTo(maxChunk) > 0) {
            throw new IllegalArgumentException(
                    "minChunk must be between 0 and maxChunk (" + maxChunk + "): " + minChunk);
        }
    }

    /**
     * The defaults for an engine that takes at most {@code maxChunk} per request: threshold 0.008,
     * pauses from 300 ms, and chunks of at least a third of {@code maxChunk}.
     */
    public static SplitSettings forMaxChunk(Duration maxChunk) {
        Objects.requireNonNull(maxChunk, "maxChunk");
        return new SplitSettings(
                DEFAULT_RMS_THRESHOLD, DEFAULT_MIN_SILENCE, maxChunk, Duration.ofMillis(maxChunk.toMillis() / 3));
    }

    public SplitSettings withMinChunk(Duration newMinChunk) {
        return new SplitSettings(rmsThreshold, minSilence, maxChunk, newMinChunk);
    }

    public SplitSettings withMinSilence(Duration newMinSilence) {
        return new SplitSettings(rmsThreshold, newMinSilence, maxChunk, minChunk);
    }

    public SplitSettings withRmsThreshold(double newRmsThreshold) {
        return new SplitSettings(newRmsThreshold, minSilence, maxChunk, minChunk);
    }
}
