package io.audiojobs.worker.transcribe.chunks;

import io.audiojobs.worker.audio.PcmWav;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes one {@link ChunkSpan} of a 16-bit PCM mono WAV as a WAV of its own (same sample rate, a
 * plain 44-byte header with the right sizes). Copies the bytes file to file without holding them;
 * slices of contiguous spans put together give back exactly the original samples.
 */
public final class WavSlicer {

    private static final int HEADER_BYTES = 44;
    /** The largest data chunk a plain RIFF header can describe. */
    private static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - (HEADER_BYTES - 8);

    /**
     * Writes samples {@code [sampleAt(span.startMs), sampleAt(span.endMs))} of {@code normalizedWav}
     * to {@code output} (replaced if it exists). A span reaching past the end of the audio is cut
     * at the end.
     *
     * @throws IllegalArgumentException if the span starts after the end of the audio
     * @throws IOException if the input cannot be read, is not 16-bit PCM mono WAV, or the output
     *     cannot be written
     */
    public void write(Path normalizedWav, ChunkSpan span, Path output) throws IOException {
        Objects.requireNonNull(span, "span");
        PcmWav wav = PcmWav.read(normalizedWav);
        if (span.startMs() > wav.durationMs()) {
            throw new IllegalArgumentException(
                    "Span " + span + " starts after the end of the audio (" + wav.durationMs() + " ms)");
        }
        long firstSample = wav.sampleAt(span.startMs());
        long endSample = wav.sampleAt(span.endMs());
        long dataBytes = (endSample - firstSample) * PcmWav.BYTES_PER_SAMPLE;
        if (dataBytes > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("Span " + span + " is too long for one WAV file");
        }
        try (FileChannel in = FileChannel.open(normalizedWav, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(
                        output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = header(wav.sampleRate(), dataBytes);
            while (header.hasRemaining()) {
                out.write(header);
            }
            long position = wav.dataOffset() + firstSample * PcmWav.BYTES_PER_SAMPLE;
            long left = dataBytes;
            while (left > 0) {
                long copied = in.transferTo(position, left, out);
                if (copied <= 0) {
                    throw new IOException(normalizedWav.getFileName() + " ended while a slice was copied");
                }
                position += copied;
                left -= copied;
            }
        }
    }

    static ByteBuffer header(int sampleRate, long dataBytes) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII));
        header.putInt((int) (HEADER_BYTES - 8 + dataBytes));
        header.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        header.put("fmt ".getBytes(StandardCharsets.US_ASCII));
        header.putInt(16);
        header.putShort((short) 1); // PCM
        header.putShort((short) 1); // mono
        header.putInt(sampleRate);
        header.putInt(sampleRate * PcmWav.BYTES_PER_SAMPLE);
        header.putShort((short) PcmWav.BYTES_PER_SAMPLE); // block align
        header.putShort((short) 16);
        header.put("data".getBytes(StandardCharsets.US_ASCII));
        header.putInt((int) dataBytes);
        return header.flip();
    }
}
