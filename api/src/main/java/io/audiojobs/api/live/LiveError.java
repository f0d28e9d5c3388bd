package io.audiojobs.api.live;

import java.util.UUID;

/**
 * A refusal on the live WebSocket: sent to the client as {@code error {code, message, ...}}. The
 * connection and its sessions stay usable (only a failed authentication closes the socket).
 *
 * @param limit the setting that refused the message, when a limit did (e.g. LIVE_MAX_CHUNK_BYTES)
 * @param max that setting's value
 */
final class LiveError extends RuntimeException {
    private final String code;
    private final UUID sessionId;
    private final Long sequence;
    private final String limit;
    private final Long max;

    private LiveError(String code, String message, UUID sessionId, Long sequence, String limit, Long max) {
        super(message, null, false, false);
        this.code = code;
        this.sessionId = sessionId;
        this.sequence = sequence;
        this.limit = limit;
        this.max = max;
    }

    static LiveError of(String code, String message) {
        return new LiveError(code, message, null, null, null, null);
    }

    static LiveError limit(String code, String message, String limit, long max) {
        return new LiveError(code, message, null, null, limit, max);
    }

    static LiveError sessionNotFound(Object id) {
        return of("SESSION_NOT_FOUND", "No live session " + id + " belongs to you.");
    }

    /** A chunk before the first one stored: sequences run on from the first one sent. */
    static LiveError beforeStart(long first) {
        return of("SEQUENCE_BEFORE_START", "The session's stream starts at sequence " + first
                + "; sequences are consecutive from the first one sent.");
    }

    static LiveError tooFarAhead() {
        return of("SEQUENCE_TOO_FAR_AHEAD", "More than " + SequenceTracker.MAX_MISSING
                + " chunks would be missing before this one; resend the missing ones first.");
    }

    /** The same refusal, naming the session and chunk it concerns. */
    LiveError about(UUID session, Long chunkSequence) {
        return new LiveError(code, getMessage(), session, chunkSequence, limit, max);
    }

    LiveMessages.Error message() {
        return new LiveMessages.Error("error", code, getMessage(), sessionId, sequence, limit, max);
    }

    String code() {
        return code;
    }
}
