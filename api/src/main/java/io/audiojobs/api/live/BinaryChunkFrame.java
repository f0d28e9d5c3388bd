package io.audiojobs.api.live;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * An {@code audio_chunk} in one binary WebSocket frame, without JSON or base64. A fixed 32-byte
 * header, big-endian, then the chunk's bytes:
 *
 * <pre>
 *  offset  size  field
 *       0    16  sessionId (the UUID's 128 bits, most significant first)
 *      16     8  sequence  (signed 64-bit)
 *      24     8  timestamp (signed 64-bit, the client's milliseconds since the epoch; 0 = none)
 *      32     n  audio     (n >= 1: the MediaRecorder chunk as it came)
 * </pre>
 *
 * The container is the session's mimeType from start_session.
 */
record BinaryChunkFrame(UUID sessionId, long sequence, Long timestamp, byte[] audio) {
    static final int HEADER_BYTES = 32;

    static BinaryChunkFrame parse(ByteBuffer frame) {
        if (frame.remaining() <= HEADER_BYTES) {
            throw LiveError.of("BAD_MESSAGE", "A binary audio_chunk frame is a 32-byte header (sessionId, sequence, "
                    + "timestamp) followed by at least one byte of audio.");
        }
        ByteBuffer in = frame.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
        UUID session = new UUID(in.getLong(), in.getLong());
        long sequence = in.getLong();
        long timestamp = in.getLong();
        byte[] audio = new byte[in.remaining()];
        in.get(audio);
        return new BinaryChunkFrame(session, sequence, timestamp == 0 ? null : timestamp, audio);
    }

    /** The frame a client sends (tests and the example client build it this way). */
    static byte[] encode(UUID sessionId, long sequence, long timestamp, byte[] audio) {
        return ByteBuffer.allocate(HEADER_BYTES + audio.length)
                .putLong(sessionId.getMostSignificantBits()).putLong(sessionId.getLeastSignificantBits())
                .putLong(sequence).putLong(timestamp).put(audio).array();
    }
}
