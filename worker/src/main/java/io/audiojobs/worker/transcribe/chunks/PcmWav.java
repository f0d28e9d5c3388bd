package io.audiojobs.worker.transcribe.chunks;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

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
        try (InputStream in = new BufferedInputStream(Files.newInputStream(wav), 8192)) {
            return read(new DataInputStream(in), fileSize, wav);
        }
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

    private static PcmWav read(DataInputStream data, long fileSize, Path wav) throws IOException {
        try {
            if (!"RIFF".equals(fourCc(data))) {
                throw new IOException(wav.getFileName() + " is not a WAV file (no RIFF header)");
            }
            uint32(data);
            if (!"WAVE".equals(fourCc(data))) {
                throw new IOException(wav.getFileName() + " is not a WAV file (RIFF type is not WAVE)");
            }
            long position = 12;
            int formatTag = -1;
            int channels = 0;
            int sampleRate = 0;
            int bitsPerSample = 0;
            while (true) {
                String chunkId = fourCc(data);
                long chunkSize = uint32(data);
                position += 8;
                if (chunkId.equals("data")) {
                    if (formatTag < 0) {
                        throw new IOException(wav.getFileName() + ": WAV data chunk comes before the fmt chunk");
                    }
                    if (formatTag != FORMAT_PCM || channels != 1 || bitsPerSample != 16) {
                        throw new IOException(String.format(
                                "%s: expected 16-bit PCM mono WAV, got format tag %d, %d channel(s), %d bits",
                                wav.getFileName(), formatTag, channels, bitsPerSample));
                    }
                    long present = Math.max(0, fileSize - position);
                    boolean unknownSize = chunkSize == 0 || chunkSize == 0xFFFF_FFFFL;
                    long bytes = unknownSize ? present : Math.min(chunkSize, present);
                    return new PcmWav(sampleRate, position, bytes / BYTES_PER_SAMPLE);
                }
                long toSkip = chunkSize + (chunkSize & 1); // chunks are padded to an even size
                if (chunkId.equals("fmt ")) {
                    if (chunkSize < 16) {
                        throw new IOException(wav.getFileName() + ": WAV fmt chunk is too short");
                    }
                    formatTag = uint16(data);
                    channels = uint16(data);
                    sampleRate = (int) uint32(data);
                    uint32(data); // byte rate
                    uint16(data); // block align
                    bitsPerSample = uint16(data);
                    toSkip -= 16;
                    if (formatTag == FORMAT_EXTENSIBLE && chunkSize >= 26) {
                        // cbSize, valid bits, channel mask, then the sub-format GUID whose first two bytes
                        // are the real format tag
                        skipFully(data, 8);
                        formatTag = uint16(data);
                        toSkip -= 10;
                    }
                    if (sampleRate <= 0) {
                        throw new IOException(wav.getFileName() + ": WAV sample rate is " + sampleRate);
                    }
                }
                skipFully(data, toSkip);
                position += chunkSize + (chunkSize & 1);
            }
        } catch (EOFException e) {
            throw new IOException(wav.getFileName() + ": WAV header ends before its data chunk", e);
        }
    }

    private static String fourCc(DataInputStream in) throws IOException {
        byte[] id = new byte[4];
        in.readFully(id);
        return new String(id, StandardCharsets.US_ASCII);
    }

    private static int uint16(DataInputStream in) throws IOException {
        int low = in.readUnsignedByte();
        return low | in.readUnsignedByte() << 8;
    }

    private static long uint32(DataInputStream in) throws IOException {
        return uint16(in) | (long) uint16(in) << 16;
    }

    private static void skipFully(InputStream in, long count) throws IOException {
        long remaining = count;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
    }
}
