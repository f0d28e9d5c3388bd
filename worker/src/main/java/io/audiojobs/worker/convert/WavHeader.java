package io.audiojobs.worker.convert;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fields of a RIFF/WAVE header this package needs: the sample format and where the sample data
 * starts.
 *
 * @param dataOffset byte position of the first sample in the file
 * @param declaredDataSize size of the {@code data} chunk according to the header, or {@link
 *     #UNKNOWN_SIZE} when the writer could not know it (0 or 0xFFFFFFFF, written by streaming
 *     writers)
 */
record WavHeader(
        int formatTag,
        int channels,
        int sampleRate,
        long byteRate,
        int blockAlign,
        int bitsPerSample,
        long dataOffset,
        long declaredDataSize) {

    static final long UNKNOWN_SIZE = -1;
    static final int FORMAT_PCM = 1;
    static final int FORMAT_EXTENSIBLE = 0xFFFE;

    /** Reads the header of {@code file}. */
    static WavHeader read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in);
        }
    }

    /**
     * Reads a header from the start of {@code in}, leaving it positioned at the first sample.
     *
     * @throws IOException if the stream is not a RIFF/WAVE file with a {@code fmt } chunk followed
     *     by a {@code data} chunk
     */
    static WavHeader read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        try {
            if (!"RIFF".equals(fourCc(data))) {
                throw new IOException("Not a RIFF file");
            }
            uint32(data); // size of the whole RIFF chunk, which we do not need
            if (!"WAVE".equals(fourCc(data))) {
                throw new IOException("Not a WAVE file");
            }
            long position = 12;
            int formatTag = -1;
            int channels = 0;
            int sampleRate = 0;
            long byteRate = 0;
            int blockAlign = 0;
            int bitsPerSample = 0;
            while (true) {
                String chunkId = fourCc(data);
                long chunkSize = uint32(data);
                position += 8;
                if (chunkId.equals("data")) {
                    if (formatTag < 0) {
                        throw new IOException("WAVE data chunk comes before the fmt chunk");
                    }
                    long declared = chunkSize == 0 || chunkSize == 0xFFFF_FFFFL ? UNKNOWN_SIZE : chunkSize;
                    return new WavHeader(
                            formatTag, channels, sampleRate, byteRate, blockAlign, bitsPerSample, position,
                            declared);
                }
                long toSkip = chunkSize + (chunkSize & 1); // chunks are padded to an even size
                if (chunkId.equals("fmt ")) {
                    if (chunkSize < 16) {
                        throw new IOException("WAVE fmt chunk is too short: " + chunkSize + " bytes");
                    }
                    formatTag = uint16(data);
                    channels = uint16(data);
                    sampleRate = (int) uint32(data);
                    byteRate = uint32(data);
                    blockAlign = uint16(data);
                    bitsPerSample = uint16(data);
                    toSkip -= 16;
                    if (formatTag == FORMAT_EXTENSIBLE && chunkSize >= 26) {
                        // WAVE_FORMAT_EXTENSIBLE keeps the real format tag in the first two bytes of the GUID
                        skipFully(data, 8);
                        formatTag = uint16(data);
                        toSkip -= 10;
                    }
                }
                skipFully(data, toSkip);
                position += chunkSize + (chunkSize & 1);
            }
        } catch (EOFException e) {
            throw new IOException("WAVE header ends before its data chunk", e);
        }
    }

    /** Bytes of sample data really present, given the size of the whole file. */
    long availableDataBytes(long fileSize) {
        long present = Math.max(0, fileSize - dataOffset);
        return declaredDataSize == UNKNOWN_SIZE ? present : Math.min(declaredDataSize, present);
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

    private static void skipFully(DataInputStream in, long count) throws IOException {
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
