package io.audiojobs.worker.transcribe.vosk;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A RIFF/WAVE file opened for streaming its PCM samples: the header is read chunk by chunk until the
 * {@code data} chunk (any {@code LIST}, {@code fact} or other chunk before it is skipped, with RIFF's
 * even-size padding), and {@link #read(byte[])} then returns sample bytes only, never reading past
 * the data chunk. Nothing but the buffer the caller passes is held in memory.
 */
final class WavSampleStream implements AutoCloseable {

    static final int FORMAT_PCM = 1;
    static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /** A data size of 0 or 0xFFFFFFFF is what streaming writers (ffmpeg to a pipe) leave behind. */
    static final long UNKNOWN_SIZE = -1;

    private final InputStream in;
    final int formatTag;
    final int channels;
    final int sampleRate;
    final int bitsPerSample;
    /** Size of the data chunk according to the header, or {@link #UNKNOWN_SIZE}: read to the end. */
    final long declaredDataBytes;
    private long remaining;

    private WavSampleStream(InputStream in, int formatTag, int channels, int sampleRate, int bitsPerSample,
                   long declaredDataBytes) {
        this.in = in;
        this.formatTag = formatTag;
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.bitsPerSample = bitsPerSample;
        this.declaredDataBytes = declaredDataBytes;
        this.remaining = declaredDataBytes == UNKNOWN_SIZE ? Long.MAX_VALUE : declaredDataBytes;
    }

    /**
     * Opens {@code file} and positions it at its first sample.
     *
     * @throws NotWavException if the file is not a RIFF/WAVE file with a {@code fmt } chunk followed
     *     by a {@code data} chunk
     * @throws IOException if reading fails
     */
    static WavSampleStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        try {
            return readHeader(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static WavSampleStream readHeader(InputStream in) throws IOException {
        try {
            if (!"RIFF".equals(fourCc(in))) {
                throw new NotWavException("it does not start with a RIFF header");
            }
            uint32(in); // size of the whole RIFF chunk: not needed
            if (!"WAVE".equals(fourCc(in))) {
                throw new NotWavException("it is a RIFF file but not WAVE");
            }
            int formatTag = -1;
            int channels = 0;
            int sampleRate = 0;
            int bitsPerSample = 0;
            while (true) {
                String chunkId = fourCc(in);
                long chunkSize = uint32(in);
                if (chunkId.equals("data")) {
                    if (formatTag < 0) {
                        throw new NotWavException("its data chunk comes before the fmt chunk");
                    }
                    long declared = chunkSize == 0 || chunkSize == 0xFFFF_FFFFL ? UNKNOWN_SIZE : chunkSize;
                    return new WavSampleStream(in, formatTag, channels, sampleRate, bitsPerSample, declared);
                }
                long toSkip = chunkSize + (chunkSize & 1); // chunks are padded to an even size
                if (chunkId.equals("fmt ")) {
                    if (chunkSize < 16) {
                        throw new NotWavException("its fmt chunk is too short (" + chunkSize + " bytes)");
                    }
                    formatTag = uint16(in);
                    channels = uint16(in);
                    sampleRate = (int) uint32(in);
                    uint32(in); // byte rate
                    uint16(in); // block align
                    bitsPerSample = uint16(in);
                    toSkip -= 16;
                    if (formatTag == FORMAT_EXTENSIBLE && chunkSize >= 26) {
                        // WAVE_FORMAT_EXTENSIBLE: cbSize, valid bits, channel mask, then the GUID whose
                        // first two bytes are the real format tag
                        skipFully(in, 8);
                        formatTag = uint16(in);
                        toSkip -= 10;
                    }
                }
                skipFully(in, toSkip);
            }
        } catch (EOFException e) {
            throw new NotWavException("its header ends before the data chunk");
        }
    }

    /** True for 16-bit signed little-endian PCM, one channel. */
    boolean isPcm16Mono() {
        return formatTag == FORMAT_PCM && bitsPerSample == 16 && channels == 1;
    }

    String describeFormat() {
        String format = formatTag == FORMAT_PCM ? "PCM" : String.format("format 0x%04X", formatTag);
        return format + ", " + bitsPerSample + "-bit, " + channels + (channels == 1 ? " channel, " : " channels, ")
                + sampleRate + " Hz";
    }

    /**
     * Reads up to {@code buffer.length} sample bytes; fills the buffer completely unless the data
     * ends. Returns the count read, or -1 at the end of the data.
     */
    int read(byte[] buffer) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int wanted = (int) Math.min(buffer.length, remaining);
        int count = in.readNBytes(buffer, 0, wanted);
        if (count == 0) {
            remaining = 0; // the file is shorter than its header says (truncated): use what is there
            return -1;
        }
        remaining -= count;
        return count;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static String fourCc(InputStream in) throws IOException {
        byte[] id = in.readNBytes(4);
        if (id.length < 4) {
            throw new EOFException();
        }
        return new String(id, StandardCharsets.US_ASCII);
    }

    private static int uint16(InputStream in) throws IOException {
        int low = in.read();
        int high = in.read();
        if ((low | high) < 0) {
            throw new EOFException();
        }
        return low | high << 8;
    }

    private static long uint32(InputStream in) throws IOException {
        return uint16(in) | (long) uint16(in) << 16;
    }

    private static void skipFully(InputStream in, long count) throws IOException {
        if (count > 0) {
            in.skipNBytes(count); // throws EOFException when the stream ends first
        }
    }

    /** The file is not a WAVE file this class can read; the message says why, in words for people. */
    static final class NotWavException extends IOException {
        NotWavException(String reason) {
            super(reason);
        }
    }
}
