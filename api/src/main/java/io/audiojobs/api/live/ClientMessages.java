package io.audiojobs.api.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.http.DisplayText;
import io.audiojobs.shared.live.LiveContainer;

import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The client -> server messages of SPEC §6 read and checked, field by field: what {@link
 * LiveConnection} acts on, or a {@link LiveError} that says what is wrong with the message.
 */
final class ClientMessages {
    private ClientMessages() {}

    /** {@code start_session}: the container, and the title, language and model when given. */
    record Start(String mimeType, String title, String language, String model) {}

    /** Seed 000's {@code audio_chunk}: the audio decoded from base64, and the container it says it is in (or null). */
    record AudioChunk(UUID sessionId, long sequence, Long timestamp, byte[] audio, String mimeType) {}

    /** {@code get_sessions}' page. */
    record Page(int limit, int offset) {}

    static Start start(JsonNode m) {
        String mimeType = text(m, "mimeType");
        if (mimeType == null || mimeType.length() > 255 || LiveContainer.of(mimeType).isEmpty()) {
            throw LiveError.of("UNSUPPORTED_MIME_TYPE", "mimeType must be a container MediaRecorder streams: audio/webm, "
                    + "audio/ogg, audio/mp4 or audio/wav (codec parameters allowed, 255 characters at most), got "
                    + (mimeType == null ? "none" : shown(mimeType)) + ".");
        }
        String title = text(m, "title");
        if (title != null && (title.isBlank() || title.length() > 255)) {
            throw LiveError.of("VALIDATION_FAILED", "title must be 1-255 characters.");
        }
        return new Start(mimeType, title == null ? "Live recording" : title.strip(), text(m, "language"), text(m, "model"));
    }

    /** Seed 000's message as written: {type, sessionId, sequence, timestamp, audioData (base64), mimeType}. */
    static AudioChunk audioChunk(JsonNode m) {
        UUID sessionId = sessionId(m);
        JsonNode sequence = m.path("sequence");
        if (!sequence.canConvertToLong() || !sequence.isIntegralNumber()) {
            throw LiveError.of("BAD_MESSAGE", "sequence must be an integer.");
        }
        String data = text(m, "audioData");
        if (data == null) {
            throw LiveError.of("BAD_MESSAGE", "audioData (base64) is required.").about(sessionId, sequence.asLong());
        }
        JsonNode timestamp = m.path("timestamp");
        if (!timestamp.isMissingNode() && !timestamp.isNull()
                && !(timestamp.isIntegralNumber() && timestamp.canConvertToLong() && timestamp.longValue() >= 0)) {
            throw LiveError.of("VALIDATION_FAILED", "timestamp must be a number (milliseconds since the epoch).")
                    .about(sessionId, sequence.asLong());
        }
        String mimeType = text(m, "mimeType");
        if (mimeType != null && mimeType.length() > 255) {
            throw LiveError.of("VALIDATION_FAILED", "mimeType must be at most 255 characters.").about(sessionId, sequence.asLong());
        }
        return new AudioChunk(sessionId, sequence.asLong(), timestamp.isNumber() ? timestamp.longValue() : null,
                decode(data, sessionId, sequence.asLong()), mimeType);
    }

    static Page page(JsonNode m) {
        int limit = integer(m.path("limit"), 20);
        int offset = integer(m.path("offset"), 0);
        if (limit < 1 || limit > 100 || offset < 0) {
            throw LiveError.of("VALIDATION_FAILED", "limit must be 1-100 and offset 0 or more.");
        }
        return new Page(limit, offset);
    }

    /** An int as JSON writes one (not a string, a fraction or a boolean); -1 for anything else. */
    private static int integer(JsonNode value, int absent) {
        if (value.isMissingNode() || value.isNull()) {
            return absent;
        }
        return value.isIntegralNumber() && value.canConvertToInt() ? value.intValue() : -1;
    }

    static UUID sessionId(JsonNode m) {
        String value = text(m, "sessionId");
        if (value == null) {
            throw LiveError.of("BAD_MESSAGE", "sessionId is required.");
        }
        return parseUuid(value).orElseThrow(() -> LiveError.sessionNotFound(shown(value)));
    }

    /** A UUID in its canonical form; anything else names nothing. */
    static Optional<UUID> parseUuid(String value) {
        if (value == null || value.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A client's value as an error message repeats it: at most 64 characters, so an answer is never larger than needed. */
    static String shown(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }

    /**
     * A string field, or null when absent: a number or an object where a string is due is refused, not
     * turned into one, and so is any control character (PostgreSQL refuses U+0000; the others have no
     * place in a title, a name or a MIME type; see {@link DisplayText}).
     */
    static String text(JsonNode m, String field) {
        JsonNode value = m.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw LiveError.of("VALIDATION_FAILED", field + " must be a string.");
        }
        String text = value.textValue();
        if (!DisplayText.isPlain(text)) {
            throw LiveError.of("VALIDATION_FAILED", field + " must not contain control characters or broken surrogate pairs.");
        }
        return text;
    }

    private static byte[] decode(String data, UUID sessionId, long sequence) {
        // FileReader.readAsDataURL gives "data:audio/webm;codecs=opus;base64,...": take the part after the comma
        String base64 = data.startsWith("data:") && data.contains(",") ? data.substring(data.indexOf(',') + 1) : data;
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw LiveError.of("BAD_MESSAGE", "audioData is not base64.").about(sessionId, sequence);
        }
    }
}
