package io.audiojobs.shared.live;

import java.util.UUID;

/** Where a live session's objects are in S3. Keys come from ids the server made, never from clients. */
public final class LiveKeys {
    private LiveKeys() {}

    /** A chunk as the client sent it; zero-padded so that the keys sort in sequence order. */
    public static String chunk(UUID sessionId, long sequence) {
        return "live/%s/chunks/%019d".formatted(sessionId, sequence);
    }

    /** A transcription piece: 16 kHz mono 16-bit PCM WAV. */
    public static String piece(UUID sessionId, int index) {
        return "live/%s/pieces/%05d.wav".formatted(sessionId, index);
    }

    /** The whole stream, assembled in sequence order when the session stops: the record's original audio. */
    public static String assembled(UUID sessionId, LiveContainer container) {
        return "live/%s/audio.%s".formatted(sessionId, container.extension());
    }
}
