package io.audiojobs.worker.convert;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns an uploaded recording into the files the rest of the pipeline works on.
 *
 * <p>Failures come in two kinds. {@link UnusableAudioException} means the input itself is the
 * problem (not audio, empty, truncated, too long...): retrying cannot help and its message can be
 * shown to the uploader. {@link IOException} means something transient or environmental went wrong
 * (disk, process start, a crash not caused by the input, a run past its time limit): the job may be
 * retried.
 *
 * <p>Implementations read an input only as itself: a playlist, concat list or other reference to
 * further files or URLs is refused as not an accepted format, never followed.
 *
 * <p>Implementations are safe to use from several job threads at once.
 */
public interface Transcoder {

    /**
     * Inspects {@code input} and checks that it can be processed.
     *
     * <p>Rejects empty files, files that are not audio or whose container is incomplete (e.g. an MP4
     * without its index), files without an audio stream, WAV files whose header announces more audio
     * than the file holds, and recordings longer than the configured maximum. A file whose container
     * does not announce a duration is accepted; {@link #toNormalizedWav} then enforces the limits.
     *
     * @return what was found about the first audio stream
     * @throws UnusableAudioException if the input can never be processed
     * @throws IOException if the input could not be inspected for other reasons
     */
    AudioFacts probe(Path input) throws UnusableAudioException, IOException;

    /**
     * Decodes {@code input} into a 16 kHz mono signed 16-bit little-endian PCM WAV file at {@code
     * output}, replacing any existing file.
     *
     * <p>Rejects the input as truncated when the decoded audio is much shorter than the duration in
     * {@code facts} (less than 90 % of it and more than one second short), and as too long when the
     * decoded audio exceeds the configured maximum. On rejection {@code output} is deleted.
     *
     * @param facts the result of {@link #probe} for the same input
     * @return the decoded duration in milliseconds, computed from the sample count of {@code output}
     * @throws UnusableAudioException if the input cannot be decoded or is truncated or too long
     * @throws IOException on transient failures
     */
    long toNormalizedWav(Path input, AudioFacts facts, Path output)
            throws UnusableAudioException, IOException;

    /**
     * Writes an MP3 rendition of {@code input} to {@code output} (128 kbit/s; mono stays mono, more
     * than two channels are mixed down to stereo; 44.1 kHz unless the original is 48 kHz), replacing
     * any existing file. Meant for inputs that already passed {@link #probe}.
     *
     * @param audioMillis how long the recording is (as {@link #toNormalizedWav} decoded it): how long
     *     encoding may take grows with it
     * @throws IOException if encoding failed or took too long
     */
    void toMp3(Path input, long audioMillis, Path output) throws IOException;

    /**
     * Writes an HLS rendition of {@code input} into the empty folder {@code outputDir}: VOD, AAC in
     * MPEG-TS segments of about {@link io.audiojobs.shared.playback.HlsLayout#SEGMENT_SECONDS}, one
     * variant per {@link io.audiojobs.shared.playback.HlsLayout.Variant} (64 and 128 kbit/s), under
     * the names {@link io.audiojobs.shared.playback.HlsLayout} gives: {@code master.m3u8} and
     * {@code <variant>/index.m3u8} with {@code <variant>/segNNNNN.ts}. Meant for inputs that already
     * passed {@link #probe}.
     *
     * @param audioMillis the input's length, as convert measured it (the run's time limit grows with
     *     it; 0 when unknown, then the configured maximum duration is assumed)
     * @throws IOException if encoding failed or took too long
     */
    void toHls(Path input, long audioMillis, Path outputDir) throws IOException;
}
