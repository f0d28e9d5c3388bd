package io.audiojobs.api.uploads;

import io.audiojobs.api.http.ApiError;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The content types accepted for audio, and the extension the server gives their objects. The
 * declared type is only a first filter; ffprobe decides what the bytes really are.
 */
public final class AudioTypes {
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("audio/mpeg", "mp3"), Map.entry("audio/mp3", "mp3"),
            Map.entry("audio/wav", "wav"), Map.entry("audio/x-wav", "wav"), Map.entry("audio/wave", "wav"),
            Map.entry("audio/vnd.wave", "wav"), Map.entry("audio/flac", "flac"), Map.entry("audio/x-flac", "flac"),
            Map.entry("audio/ogg", "ogg"), Map.entry("audio/opus", "opus"), Map.entry("audio/webm", "webm"),
            Map.entry("audio/mp4", "m4a"), Map.entry("audio/x-m4a", "m4a"), Map.entry("audio/m4a", "m4a"),
            Map.entry("audio/aac", "aac"), Map.entry("audio/3gpp", "3gp"), Map.entry("audio/amr", "amr"),
            Map.entry("audio/x-aiff", "aiff"), Map.entry("audio/aiff", "aiff"),
            // browsers record audio in these containers (MediaRecorder on Chrome/Firefox and Safari)
            Map.entry("video/webm", "webm"), Map.entry("video/mp4", "mp4"),
            Map.entry("application/octet-stream", "bin"));
    /** type/subtype as RFC 6838 allows them (restricted-name), already lower case. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

    private AudioTypes() {}

    /**
     * The normalized content type (no parameters, lower case): 400 if it is not a media type at all
     * (it is signed into presigned URLs as a header, so CR, LF and other control characters never
     * pass), 415 if it is not audio.
     */
    public static String requireAudio(String declared) {
        String type = normalize(declared).orElseThrow(() ->
                ApiError.badRequest("VALIDATION_FAILED", "contentType is required."));
        if (!declared.chars().allMatch(c -> c >= 0x20 && c < 0x7f) || !MEDIA_TYPE.matcher(type).matches()) {
            throw ApiError.badRequest("VALIDATION_FAILED", "contentType is not a media type like 'audio/wav'.");
        }
        if (!EXTENSIONS.containsKey(type) && !type.startsWith("audio/")) {
            throw ApiError.unsupportedMediaType("'" + type + "' is not an audio type. Supported: audio/*, video/webm, video/mp4.");
        }
        return type;
    }

    public static String extension(String contentType) {
        return EXTENSIONS.getOrDefault(contentType, "audio");
    }

    private static Optional<String> normalize(String declared) {
        if (declared == null || declared.isBlank()) {
            return Optional.empty();
        }
        int semicolon = declared.indexOf(';');
        String bare = (semicolon >= 0 ? declared.substring(0, semicolon) : declared).trim().toLowerCase(Locale.ROOT);
        return bare.isEmpty() ? Optional.empty() : Optional.of(bare);
    }
}
