package io.audiojobs.worker.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the samples of a 16-bit PCM mono WAV are and how many there are: the shape of the
 * normalized WAV the convert step writes (16 kHz, but any sample rate is accepted).
 *
 * <p>Times and sample positions convert with {@link #sampleAt(long)} (milliseconds to a sample
 * index, rounded down) and {@link #durationMs()} (rounded up), so that spans ending at {@code
 * durationMs()} always reach the last sample.
 *
 * @param sampleRate samples per second
 * @param dataOffset byte position of the first sample in the file
 * @param sampleCount samples really present: the {@code data} chunk's declared size, or what the
 *     file holds when the header declares no size (streaming writers) or more than the file has
 */
public record PcmWav(int sampleRate, long dataOffset, long sampleCount) {

    public static final int BYTES_PER_SAMPLE = 2;

    public PcmWav {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
        }
        if (dataOffset < 0 || sampleCount < 0) {
            throw new IllegalArgumentException("dataOffset and sampleCount must not be negative");
        }
    }

    /**
     * Reads the header of {@code wav}.
     *
     * @throws IOException if it cannot be read, is not a RIFF/WAVE file, or is not 16-bit PCM mono
     */
    public static PcmWav read(Path wav) throws IOException {
        long fileSize = Files.size(wav);
        try {
            return of(WavHeader.read(wav), fileSize, wav);
        } catch (NotWavException e) {
            throw new IOException(wav.getFileName() + " is not a WAV file: " + e.getMessage(), e);
        }
    }

    /**
     * The samples {@code header} describes in {@code wav}, a file of {@code fileSize} bytes.
     *
     * @throws IOException if the header is not one of 16-bit PCM mono
     */
    public static PcmWav of(WavHeader header, long fileSize, Path wav) throws IOException {
        if (header.sampleRate() <= 0) {
            throw new IOException(wav.getFileName() + ": WAV sample rate is " + header.sampleRate());
        }
        if (!header.isPcm16Mono()) {
            throw new IOException(
                    wav.getFileName() + ": expected 16-bit PCM mono WAV, got " + header.describeFormat());
        }
        long dataBytes = header.availableDataBytes(fileSize);
        return new PcmWav(header.sampleRate(), header.dataOffset(), dataBytes / BYTES_PER_SAMPLE);
    }

    /** Duration in milliseconds, rounded up to whole milliseconds. */
    public long durationMs() {
        return Math.ceilDiv(sampleCount * 1000, sampleRate);
    }

    /** Index of the sample at {@code ms} (rounded down), clamped to {@code [0, sampleCount]}. */
    public long sampleAt(long ms) {
        if (ms <= 0) {
            return 0;
        }
        if (ms >= durationMs()) {
            return sampleCount;
        }
        return Math.min(sampleCount, ms * sampleRate / 1000);
    }

    /** Start of sample {@code sample} in milliseconds (rounded down); the end of the audio is {@link #durationMs()}. */
    public long msAt(long sample) {
        return sample >= sampleCount ? durationMs() : sample * 1000 / sampleRate;
    }
}
