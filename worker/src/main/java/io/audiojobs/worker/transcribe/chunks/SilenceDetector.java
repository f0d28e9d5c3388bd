package io.audiojobs.worker.transcribe.chunks;

import io.audiojobs.worker.audio.PcmWav;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Finds pauses in a 16-bit PCM mono WAV by the RMS of 10 ms frames: a frame whose RMS is below
 * {@code rmsThreshold} (a fraction of full scale) is silent, and a run of silent frames lasting at
 * least {@code minSilence} is a {@link Pause}. Leading and trailing silence count as pauses too
 * (a caller counting pauses <em>between</em> speech can drop a pause starting at 0 or ending at the
 * duration).
 *
 * <p>Streams the samples: memory stays flat whatever the length of the recording (one read buffer
 * and one running sum), and {@link #scan} hands pauses over as they end.
 */
public final class SilenceDetector {

    /** Length of the frames whose RMS decides between silence and sound. */
    public static final Duration FRAME = Duration.ofMillis(10);

    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final double FULL_SCALE = 32768.0;

    private SilenceDetector() {}

    /**
     * All pauses of {@code wav}, in order.
     *
     * @throws IOException if the file cannot be read or is not 16-bit PCM mono WAV
     */
    public static List<Pause> pauses(Path wav, double rmsThreshold, Duration minSilence) throws IOException {
        List<Pause> pauses = new ArrayList<>();
        scan(wav, rmsThreshold, minSilence, pauses::add);
        return pauses;
    }

    /**
     * Streams {@code wav} and gives each pause to {@code sink} as soon as it ends (in order, never
     * overlapping), without keeping them.
     *
     * @return the duration of the audio in milliseconds (see {@link PcmWav#durationMs()})
     * @throws IOException if the file cannot be read or is not 16-bit PCM mono WAV
     */
    public static long scan(Path wav, double rmsThreshold, Duration minSilence, Consumer<Pause> sink)
            throws IOException {
        PcmWav header = PcmWav.read(wav);
        scan(wav, header, rmsThreshold, minSilence, sink);
        return header.durationMs();
    }

    static void scan(Path wav, PcmWav header, double rmsThreshold, Duration minSilence, Consumer<Pause> sink)
            throws IOException {
        Objects.requireNonNull(sink, "sink");
        if (!(rmsThreshold > 0 && rmsThreshold <= 1)) {
            throw new IllegalArgumentException("rmsThreshold must be in (0, 1]: " + rmsThreshold);
        }
        long minSilenceMs = Objects.requireNonNull(minSilence, "minSilence").toMillis();
        if (minSilenceMs < 1) {
            throw new IllegalArgumentException("minSilence must be at least 1 ms: " + minSilence);
        }
        FrameScanner frames = new FrameScanner(header, rmsThreshold, minSilenceMs, sink);
        try (FileChannel channel = FileChannel.open(wav, StandardOpenOption.READ)) {
            channel.position(header.dataOffset());
            InputStream in = Channels.newInputStream(channel);
            byte[] buffer = new byte[READ_BUFFER_BYTES];
            long bytesLeft = header.sampleCount() * PcmWav.BYTES_PER_SAMPLE;
            while (bytesLeft > 0) {
                int wanted = (int) Math.min(buffer.length, bytesLeft);
                int read = in.readNBytes(buffer, 0, wanted);
                if (read < wanted) {
                    throw new IOException(wav.getFileName() + " ended while its samples were read");
                }
                for (int i = 0; i < read; i += 2) {
                    frames.sample((short) ((buffer[i] & 0xFF) | buffer[i + 1] << 8));
                }
                bytesLeft -= read;
            }
        }
        frames.finish();
    }

    /** Accumulates samples into frames and frames into silent runs. */
    private static final class FrameScanner {
        private final PcmWav header;
        private final int frameSamples;
        /** A frame of n samples is silent when its sum of squares is below n times this. */
        private final double silentSquarePerSample;
        private final long minSilenceMs;
        private final Consumer<Pause> sink;

        private long frameStart;
        private int inFrame;
        private long sumOfSquares;
        /** First sample of the current run of silent frames, or -1 outside one. */
        private long runStart = -1;

        FrameScanner(PcmWav header, double rmsThreshold, long minSilenceMs, Consumer<Pause> sink) {
            this.header = header;
            this.frameSamples = Math.max(1, (int) (header.sampleRate() * FRAME.toMillis() / 1000));
            double thresholdInSampleUnits = rmsThreshold * FULL_SCALE;
            this.silentSquarePerSample = thresholdInSampleUnits * thresholdInSampleUnits;
            this.minSilenceMs = minSilenceMs;
            this.sink = sink;
        }

        void sample(short value) {
            sumOfSquares += (long) value * value;
            if (++inFrame == frameSamples) {
                endFrame();
            }
        }

        void finish() {
            if (inFrame > 0) {
                endFrame(); // the last, shorter frame
            }
            if (runStart >= 0) {
                endRun(header.sampleCount());
            }
        }

        private void endFrame() {
            boolean silent = sumOfSquares < silentSquarePerSample * inFrame;
            if (silent && runStart < 0) {
                runStart = frameStart;
            } else if (!silent && runStart >= 0) {
                endRun(frameStart);
            }
            frameStart += inFrame;
            inFrame = 0;
            sumOfSquares = 0;
        }

        private void endRun(long endSample) {
            long startMs = header.msAt(runStart);
            long endMs = header.msAt(endSample);
            runStart = -1;
            if (endMs - startMs >= minSilenceMs) {
                sink.accept(new Pause(startMs, endMs));
            }
        }
    }
}
