package io.audiojobs.api.docs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every code the error body {@code {"error":{"code","message","timestamp","path"}}} can carry, with
 * what it means. OpenApiDocumentTest holds this list to the codes the API's sources throw.
 */
public final class ErrorCodes {
    /** The code of a reused Idempotency-Key sent with another body. */
    public static final String IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED";

    private static final Map<String, String> MEANINGS = new LinkedHashMap<>();

    static {
        // any route (ErrorHandlers)
        add("BAD_REQUEST", "The request could not be understood.");
        add("VALIDATION_FAILED", "A field or parameter is missing or invalid; the message names it.");
        add("UNAUTHORIZED", "No bearer token, or one that is invalid or expired.");
        add("FORBIDDEN", "The token does not allow this.");
        add("NOT_FOUND", "No such route or resource.");
        add("METHOD_NOT_ALLOWED", "The route does not take this method.");
        add("PAYLOAD_TOO_LARGE", "The request body is larger than the server accepts (1 MiB for JSON).");
        add("UNSUPPORTED_MEDIA_TYPE", "The body's content type is not accepted here (JSON expected, or not an audio type).");
        add("UNSUPPORTED_CHARSET", "The Content-Type names a charset this server does not read; send UTF-8.");
        add("TOO_MANY_REQUESTS", "Too many requests; try again later.");
        add("INTERNAL_ERROR", "Something went wrong on the server's side.");
        add("UPLOADS_BUSY", "This API node streams as many direct uploads as its memory allows. Retry after Retry-After seconds.");
        add("SERVICE_UNAVAILABLE", "A service the request needs is unavailable. Retry after Retry-After seconds.");
        add("DATABASE_UNAVAILABLE", "The database is unavailable. Retry after Retry-After seconds.");
        add("STORAGE_UNAVAILABLE", "The object store is unavailable. Retry after Retry-After seconds.");
        // JSON and form bodies
        add("MALFORMED_JSON", "The body is empty or not valid JSON.");
        add("UNKNOWN_FIELD", "The body has a field the route does not know.");
        add("MALFORMED_MULTIPART", "The multipart body could not be read, or broke off.");
        add("FIELD_TOO_LARGE", "A text field of the form is longer than 4096 bytes.");
        add(IDEMPOTENCY_KEY_REUSED, "The Idempotency-Key was used before with another request body.");
        add("IDEMPOTENCY_KEY_IN_PROGRESS", "The first request with this Idempotency-Key is still running; retry shortly.");
        add("NOT_ACCEPTABLE", "The event stream needs Accept: text/event-stream.");
        add("TOO_MANY_STREAMS", "Too many event streams open for this user or on this server; close one, or retry after Retry-After seconds.");
        add("WEBHOOKS_DISABLED", "webhookUrl was given but the server has no WEBHOOK_SECRET to sign webhooks.");
        // uploads
        add("EMPTY_UPLOAD", "The file (or the declared size) is zero bytes.");
        add("UPLOAD_TOO_LARGE", "The file is larger than MAX_UPLOAD_BYTES.");
        add("UPLOAD_NOT_FOUND", "No upload with this id belongs to the caller.");
        add("UPLOAD_EXPIRED", "The upload expired; start a new one.");
        add("UPLOAD_INCOMPLETE", "The file, or some of its parts, has not arrived in storage yet.");
        add("UPLOAD_ALREADY_USED", "The upload already has a record.");
        add("INVALID_PART", "A part is not stored with the given ETag.");
        add("SIZE_MISMATCH", "The stored bytes do not add up to the declared size.");
        // records
        add("RECORD_NOT_FOUND", "No record with this id belongs to the caller.");
        add("INVALID_CURSOR", "The cursor is not one this API gave out.");
        add("RENDITION_NOT_AVAILABLE", "The rendition has not been made (yet).");
        add("TRANSCRIPT_NOT_AVAILABLE", "The record has no transcript (yet).");
        add("ANALYSIS_NOT_AVAILABLE", "The record has no analysis (yet).");
        add("RECORD_BUSY", "The record is still being processed.");
        add("NOT_CONVERTED", "The record has no converted audio to transcribe.");
        add("UNKNOWN_MODEL", "The engine has no such speech-to-text model here; the message names the models there are.");
        // playback
        add("POSITION_OUT_OF_RANGE", "A position lies past the end of the record's audio (before its length is measured: past MAX_DURATION).");
        add("TOO_MANY_BOOKMARKS", "The caller has 500 bookmarks on this record, the most there may be.");
        add("BOOKMARK_NOT_FOUND", "No bookmark with this id belongs to the caller's record.");
        add("PLAYBACK_LINK_INVALID", "The playback link was altered or is not one this API made.");
        add("PLAYBACK_LINK_EXPIRED", "The playback link has expired; ask for a new one.");
        add("RANGE_NOT_SATISFIABLE", "The requested byte range lies outside the file.");
        // API keys
        add("API_KEY_NOT_FOUND", "No API key with this id belongs to the caller.");
        add("API_KEY_LIMIT", "The caller has as many API keys as there may be (100); revoke one first.");
        // OpenAI-compatible routes (lower case on the wire, in OpenAI's error shape)
        add("MODEL_NOT_FOUND", "The model is not one GET /v1/models lists.");
        add("UNSUPPORTED_LANGUAGE", "The model does not transcribe this language.");
        add("UNUSABLE_AUDIO", "The file is not audio the pipeline can use (not audio, no audio stream, too long, truncated).");
        add("TRANSCRIPTION_FAILED", "The record's processing failed for good; the message says where and why.");
        add("STILL_PROCESSING", "The transcript was not ready within OPENAI_COMPAT_MAX_WAIT; the record goes on and completes.");
        // seed 002
        add("SESSION_EXISTS", "The session already has its recording.");
        add("SESSION_NOT_FOUND", "No session with this id belongs to the caller.");
        // live sessions (seed 003)
        add("CHUNK_NOT_FOUND", "The session has no chunk with this id or index.");
        add("AUDIO_NOT_READY", "The session's full audio exists once it has stopped and its record is converted.");
    }

    private ErrorCodes() {}

    private static void add(String code, String meaning) {
        MEANINGS.put(code, meaning);
    }

    /** Every code and its meaning, in a stable order. */
    public static Map<String, String> all() {
        return Collections.unmodifiableMap(MEANINGS);
    }

    public static String meaning(String code) {
        String meaning = MEANINGS.get(code);
        if (meaning == null) {
            throw new IllegalArgumentException("Undocumented error code " + code + "; add it to ErrorCodes");
        }
        return meaning;
    }
}
