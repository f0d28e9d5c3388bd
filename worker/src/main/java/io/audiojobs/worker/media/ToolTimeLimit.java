package io.audiojobs.worker.media;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one ffmpeg or ffprobe run may take: {@code minimum} plus {@code factor} times the
 * length of the audio it works on (MEDIA_TOOL_MIN_TIMEOUT, MEDIA_TOOL_TIMEOUT_FACTOR). Nothing else
 * bounds a run: JobRunr OSS has no job timeout, and a crafted or damaged file can keep a tool busy.
 */
public record ToolTimeLimit(Duration minimum, double factor) {

    public ToolTimeLimit {
        Objects.requireNonNull(minimum, "minimum");
        if (minimum.isNegative() || minimum.isZero()) {
            throw new IllegalArgumentException("minimum must be positive: " + minimum);
        }
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be a finite number >= 0: " + factor);
        }
    }

    /** The limit for a run over {@code audioMillis} of audio (0 when the length is not known yet). */
    public Duration forAudio(long audioMillis) {
        return minimum.plusMillis(Math.round(Math.max(0, audioMillis) * factor));
    }
}
