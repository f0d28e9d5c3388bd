package io.audiojobs.worker.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A WAV file opened for streaming its samples: {@link #read(byte[])} returns sample bytes only,
 * never reading past the {@code data} chunk. Nothing but the buffer the caller passes is held in
 * memory.
 */
public final class WavSampleStream implements AutoCloseable {

    private final InputStream in;
    private final WavHeader header;
    private long remaining;

    private WavSampleStream(InputStream in, WavHeader header) {
        this.in = in;
        this.header = header;
        long declared = header.declaredDataBytes();
        this.remaining = declared == WavHeader.UNKNOWN_SIZE ? Long.MAX_VALUE : declared;
    }

    /**
     * Opens {@code file} and positions it at its first sample.
     *
     * @throws NotWavException if the file is not a RIFF/WAVE file with a {@code fmt } chunk followed
     *     by a {@code data} chunk
     * @throws IOException if reading fails
     */
    public static WavSampleStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        try {
            return new WavSampleStream(in, WavHeader.read(in));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public WavHeader header() {
        return header;
    }

    /**
     * Reads up to {@code buffer.length} sample bytes; fills the buffer completely unless the data
     * ends. Returns the count read, or -1 at the end of the data.
     */
    public int read(byte[] buffer) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int count = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, remaining));
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
}
