package io.audiojobs.api.playback;

import java.net.URI;
import java.time.Instant;

/** Request and response bodies of the playback routes. */
public final class PlaybackViews {
    private PlaybackViews() {}

    /**
     * GET /records/{id}/audio: where to play the audio from until {@code expiresAt}. {@code rendition}
     * is what the URL serves (hls, mp3 or original): asked for hls before it exists, the MP3 or the
     * original is served instead, so a player must look here before it picks hls.js or a plain
     * audio element.
     */
    public record AudioLink(URI url, Instant expiresAt, String rendition, String quality) {}

    /** PUT /records/{id}/playback. {@code speed} (0.25-4) is kept when absent. */
    public record PositionWrite(Long positionMs, Double speed, String playbackSessionId) {}

    /**
     * The user's resume point on a record. {@code version} grows by one with every write: the state
     * with the higher version is the later one (0 = never written).
     */
    public record ResumePoint(long recordId, long positionMs, double speed, long version, String playbackSessionId,
                              Instant updatedAt) {
        static ResumePoint none(long recordId) {
            return new ResumePoint(recordId, 0, 1.0, 0, null, null);
        }
    }

    /** POST /records/{id}/bookmarks: a point, or with {@code endMs} an A-B loop. */
    public record BookmarkWrite(Long positionMs, Long endMs, String label) {}

    public record BookmarkView(long id, long recordId, long positionMs, Long endMs, String label, boolean loop,
                               Instant createdAt) {}

    // seed 001

    /** GET /audio/stream/{id}: the audio link with what a player needs to start where the user left off. */
    public record StreamInfo(URI url, Instant expiresAt, String rendition, Long durationMs, long positionMs, double speed) {}

    /** POST /audio/play. */
    public record PlayRequest(Long scriptId, String quality) {}

    /** POST /audio/play's answer: {@link StreamInfo} and the id this player tags its progress writes with. */
    public record PlaySession(URI url, Instant expiresAt, String rendition, Long durationMs, long positionMs, double speed,
                              String playbackSessionId) {}

    /** PUT /audio/progress. */
    public record ProgressWrite(Long scriptId, Long positionMs, Double speed, String playbackSessionId) {}
}
