package io.audiojobs.worker.transcribe.chunks;

import io.audiojobs.worker.audio.PcmWav;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a long recording at pauses into chunks a speech-to-text engine takes in one request (voice
 * activity by frame RMS, seed 003).
 *
 * <p>The spans are ordered and contiguous and cover the whole audio, from 0 to {@link
 * PcmWav#durationMs()}:
 *
 * <ul>
 *   <li>audio no longer than {@code maxChunk} is one span (no audio at all: no span);
 *   <li>no span is longer than {@code maxChunk}; where the window in which a cut may go holds a
 *       pause ({@link SilenceDetector}, at least {@code minSilence}), the cut goes in the middle of
 *       the longest one's part inside the window, otherwise it is a hard cut at {@code maxChunk}
 *       (pulled back when that would leave a last span shorter than {@code minChunk});
 *   <li>no span but the last is shorter than {@code minChunk}, and the last one is not either when
 *       {@code maxChunk >= 2 * minChunk} (the last cut is placed to leave at least {@code
 *       minChunk}). Merging a short last span into the one before is never possible: a cut is only
 *       made while more than {@code maxChunk} is left.
 * </ul>
 *
 * <p>Streams the WAV once; memory holds the pauses of about one chunk, and the result.
 */
public final class PauseSplitter {

    private final SplitSettings settings;

    public PauseSplitter(SplitSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public SplitSettings settings() {
        return settings;
    }

    /**
     * The spans of {@code normalizedWav}, a 16-bit PCM mono WAV (16 kHz as the convert step writes
     * it).
     *
     * @throws IOException if the file cannot be read or is not 16-bit PCM mono WAV
     */
    public List<ChunkSpan> split(Path normalizedWav) throws IOException {
        PcmWav header = PcmWav.read(normalizedWav);
        CutPlanner planner = planner(header.durationMs(), settings);
        SilenceDetector.scan(
                normalizedWav, header, settings.rmsThreshold(), settings.minSilence(), planner::pause);
        return planner.finish();
    }

    /**
     * The spans for audio of {@code durationMs} with these {@code pauses} (in order, not
     * overlapping): what {@link #split} does once it has found the pauses. Only {@code maxChunk}
     * and {@code minChunk} of {@code settings} are used.
     */
    public static List<ChunkSpan> plan(long durationMs, List<Pause> pauses, SplitSettings settings) {
        CutPlanner planner = planner(durationMs, settings);
        pauses.forEach(planner::pause);
        return planner.finish();
    }

    private static CutPlanner planner(long durationMs, SplitSettings settings) {
        return new CutPlanner(durationMs, settings.maxChunk().toMillis(), settings.minChunk().toMillis());
    }
}
