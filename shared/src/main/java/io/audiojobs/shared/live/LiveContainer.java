package io.audiojobs.shared.live;

import java.util.Locale;
import java.util.Optional;

/**
 * The containers a browser's MediaRecorder (or a plain client) streams, with the ffmpeg demuxer that
 * reads each: the live decoder names it explicitly and never lets ffmpeg guess from the bytes (a
 * client's stream is untrusted; a guessed playlist could open other files).
 */
public enum LiveContainer {
    WEBM("audio/webm", "webm", "matroska"),
    OGG("audio/ogg", "ogg", "ogg"),
    MP4("audio/mp4", "m4a", "mov"),
    WAV("audio/wav", "wav", "wav");

    private final String contentType;
    private final String extension;
    private final String demuxer;

    LiveContainer(String contentType, String extension, String demuxer) {
        this.contentType = contentType;
        this.extension = extension;
        this.demuxer = demuxer;
    }

    /**
     * The container of a MediaRecorder mimeType such as {@code audio/webm;codecs=opus}, {@code
     * video/webm}, {@code audio/ogg;codecs=opus}, {@code audio/mp4} (Safari) or {@code audio/wav}.
     */
    public static Optional<LiveContainer> of(String mimeType) {
        if (mimeType == null) {
            return Optional.empty();
        }
        int semicolon = mimeType.indexOf(';');
        String bare = (semicolon >= 0 ? mimeType.substring(0, semicolon) : mimeType).trim().toLowerCase(Locale.ROOT);
        return switch (bare) {
            case "audio/webm", "video/webm" -> Optional.of(WEBM);
            case "audio/ogg", "application/ogg", "audio/opus" -> Optional.of(OGG);
            case "audio/mp4", "video/mp4", "audio/x-m4a", "audio/m4a", "audio/aac" -> Optional.of(MP4);
            case "audio/wav", "audio/wave", "audio/x-wav", "audio/vnd.wave" -> Optional.of(WAV);
            default -> Optional.empty();
        };
    }

    /** The content type the assembled stream is stored and registered as an upload with. */
    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** The ffmpeg input format ({@code -f}) that reads this container. */
    public String demuxer() {
        return demuxer;
    }
}
