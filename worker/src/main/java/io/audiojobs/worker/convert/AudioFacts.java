package io.audiojobs.worker.convert;

/**
 * What ffprobe found in an input file.
 *
 * @param durationMillis duration announced by the container, or {@link #UNKNOWN_DURATION} when it
 *     announces none (then only decoding tells the real length)
 * @param formatName ffprobe's container name, e.g. {@code wav} or {@code mov,mp4,m4a,3gp,3g2,mj2}
 * @param codec codec of the first audio stream, e.g. {@code pcm_s16le}, {@code mp3}, {@code aac}
 * @param sampleRate samples per second of the first audio stream, 0 if unknown
 * @param channels channel count of the first audio stream, 0 if unknown
 * @param bitRate bits per second of the audio stream (or of the whole file if the stream does not
 *     say), 0 if unknown
 */
public record AudioFacts(
        long durationMillis,
        String formatName,
        String codec,
        int sampleRate,
        int channels,
        long bitRate) {

    public static final long UNKNOWN_DURATION = -1;

    public boolean hasKnownDuration() {
        return durationMillis != UNKNOWN_DURATION;
    }
}
