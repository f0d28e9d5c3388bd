package io.audiojobs.worker.audio;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Little-endian RIFF fields read one after the other, counting the bytes consumed. */
final class RiffReader {

    private final InputStream in;
    private long position;

    RiffReader(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed since the start of the stream. */
    long position() {
        return position;
    }

    String fourCc() throws IOException {
        byte[] id = in.readNBytes(4);
        if (id.length < 4) {
            throw new EOFException();
        }
        position += 4;
        return new String(id, StandardCharsets.US_ASCII);
    }

    int uint16() throws IOException {
        int low = in.read();
        int high = in.read();
        if ((low | high) < 0) {
            throw new EOFException();
        }
        position += 2;
        return low | high << 8;
    }

    long uint32() throws IOException {
        return uint16() | (long) uint16() << 16;
    }

    /** Skips {@code count} bytes; throws {@link EOFException} when the stream ends first. */
    void skip(long count) throws IOException {
        if (count > 0) {
            in.skipNBytes(count);
            position += count;
        }
    }
}
