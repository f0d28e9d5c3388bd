package io.audiojobs.worker.audio;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The facts of a RIFF/WAVE header: the sample format and where the sample data starts. Chunks
 * before the {@code data} chunk ({@code LIST}, {@code fact}, ...) are skipped with RIFF's even-size
 * padding.
 *
 * @param formatTag the format tag; for WAVE_FORMAT_EXTENSIBLE the one of its sub-format
 * @param dataOffset byte position of the first sample in the file
 * @param declaredDataBytes size of the {@code data} chunk according to the header, or {@link
 *     #UNKNOWN_SIZE} when the writer could not know it (0 or 0xFFFFFFFF, left by streaming
 *     writers such as ffmpeg writing to a pipe)
 */
public record WavHeader(
        int formatTag,
        int channels,
        int sampleRate,
        long byteRate,
        int blockAlign,
        int bitsPerSample,
        long dataOffset,
        long declaredDataBytes) {

    public static final long UNKNOWN_SIZE = -1;
    public static final int FORMAT_PCM = 1;
    public static final int FORMAT_EXTENSIBLE = 0xFFFE;

    /** Reads the header of {@code file}. */
    public static WavHeader read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in);
        }
    }

    /**
     * Reads a header from the start of {@code in}, leaving it positioned at the first sample.
     *
     * @throws NotWavException if the stream is not a RIFF/WAVE file with a {@code fmt } chunk
     *     followed by a {@code data} chunk
     */
    public static WavHeader read(InputStream in) throws IOException {
        try {
            return readChunks(new RiffReader(in));
        } catch (EOFException e) {
            throw new NotWavException("its header ends before the data chunk");
        }
    }

    /** Bytes of sample data really present, given the size of the whole file. */
    public long availableDataBytes(long fileSize) {
        long present = Math.max(0, fileSize - dataOffset);
        return declaredDataBytes == UNKNOWN_SIZE ? present : Math.min(declaredDataBytes, present);
    }

    /** True for 16-bit signed little-endian PCM, one channel. */
    public boolean isPcm16Mono() {
        return formatTag == FORMAT_PCM && bitsPerSample == 16 && channels == 1;
    }

    /** The format in words, such as {@code PCM, 16-bit, 2 channels, 44100 Hz}. */
    public String describeFormat() {
        String format = formatTag == FORMAT_PCM ? "PCM" : String.format("format 0x%04X", formatTag);
        return format + ", " + bitsPerSample + "-bit, " + channels + (channels == 1 ? " channel, " : " channels, ")
                + sampleRate + " Hz";
    }

    private static WavHeader readChunks(RiffReader riff) throws IOException {
        if (!riff.fourCc().equals("RIFF")) {
            throw new NotWavException("it does not start with a RIFF header");
        }
        riff.uint32(); // size of the whole RIFF chunk: not needed
        if (!riff.fourCc().equals("WAVE")) {
            throw new NotWavException("it is a RIFF file but not WAVE");
        }
        WavHeader format = null;
        while (true) {
            String chunkId = riff.fourCc();
            long chunkSize = riff.uint32();
            long bodyStart = riff.position();
            if (chunkId.equals("data")) {
                if (format == null) {
                    throw new NotWavException("its data chunk comes before the fmt chunk");
                }
                boolean unknown = chunkSize == 0 || chunkSize == 0xFFFF_FFFFL;
                return format.withData(bodyStart, unknown ? UNKNOWN_SIZE : chunkSize);
            }
            if (chunkId.equals("fmt ")) {
                format = readFormat(riff, chunkSize);
            }
            long paddedSize = chunkSize + (chunkSize & 1);
            riff.skip(paddedSize - (riff.position() - bodyStart));
        }
    }

    /** The body of a {@code fmt } chunk, as a header whose data is still unknown. */
    private static WavHeader readFormat(RiffReader riff, long chunkSize) throws IOException {
        if (chunkSize < 16) {
            throw new NotWavException("its fmt chunk is too short (" + chunkSize + " bytes)");
        }
        int formatTag = riff.uint16();
        int channels = riff.uint16();
        int sampleRate = (int) riff.uint32();
        long byteRate = riff.uint32();
        int blockAlign = riff.uint16();
        int bitsPerSample = riff.uint16();
        if (formatTag == FORMAT_EXTENSIBLE && chunkSize >= 26) {
            // cbSize, valid bits and channel mask, then the sub-format GUID whose first two bytes
            // are the real format tag
            riff.skip(8);
            formatTag = riff.uint16();
        }
        return new WavHeader(formatTag, channels, sampleRate, byteRate, blockAlign, bitsPerSample, -1, UNKNOWN_SIZE);
    }

    private WavHeader withData(long offset, long declaredBytes) {
        return new WavHeader(formatTag, channels, sampleRate, byteRate, blockAlign, bitsPerSample, offset, declaredBytes);
    }
}
