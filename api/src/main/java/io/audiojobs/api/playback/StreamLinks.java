package io.audiojobs.api.playback;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.playback.PlaybackViews.AudioLink;
import io.audiojobs.api.records.RecordService;
import io.audiojobs.shared.playback.HlsLayout;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordStatus;
import io.audiojobs.shared.renditions.RenditionKind;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.storage.PresignedUrl;
import org.jdbi.v3.core.Jdbi;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Short-lived links to a record's audio that a player uses without credentials: HLS through the
 * API under a signed token ({@link PlaybackLinks}), the MP3, the original and the waveform peaks as
 * presigned S3 GETs.
 * A link lives PLAYBACK_URL_TTL plus the recording's length, so a listener who starts at once can
 * listen to the end; later, the player asks for a new one.
 * <p>
 * Asked for HLS before its job has made it (or after the job failed for good), the MP3 is served,
 * and before that the original: seed 001's "FFmpeg failure -> retry, then serve the original".
 */
public final class StreamLinks {
    /** What a client asks for in {@code ?rendition=}. */
    public enum Requested { ORIGINAL, MP3, HLS, PEAKS }

    /** The longest a presigned S3 URL may live (SigV4). */
    private static final Duration LONGEST = Duration.ofDays(7);

    private final Jdbi jdbi;
    private final ObjectStore store;
    private final RecordService records;
    private final PlaybackLinks links;
    private final Duration ttl;
    private final Clock clock;

    public StreamLinks(Jdbi jdbi, ObjectStore store, RecordService records, PlaybackLinks links, Duration ttl, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.records = records;
        this.links = links;
        this.ttl = ttl;
        this.clock = clock;
    }

    public static Requested requested(String value) {
        try {
            return Requested.valueOf((value == null ? "original" : value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("VALIDATION_FAILED", "rendition must be original, mp3, hls or peaks.");
        }
    }

    /** @param apiBase the API's own address as the caller reached it, for HLS links */
    public AudioLink link(String apiBase, Record record, Requested requested, Quality quality) {
        Map<RenditionKind, String> made = renditionKeys(record.id());
        Instant expiresAt = expiry(record);
        return switch (requested) {
            case ORIGINAL -> presigned(originalKey(record), expiresAt, "original", quality);
            case MP3 -> presigned(required(made, RenditionKind.MP3, record), expiresAt, "mp3", quality);
            // the waveform JSON of BBC audiowaveform, drawn beside the player
            case PEAKS -> presigned(required(made, RenditionKind.WAVEFORM, record), expiresAt, "peaks", quality);
            case HLS -> made.containsKey(RenditionKind.HLS)
                    ? hls(apiBase, record, expiresAt, quality)
                    : Optional.ofNullable(made.get(RenditionKind.MP3))
                            .map(mp3 -> presigned(mp3, expiresAt, "mp3", quality))
                            .orElseGet(() -> presigned(originalKey(record), expiresAt, "original", quality));
        };
    }

    private AudioLink hls(String apiBase, Record record, Instant expiresAt, Quality quality) {
        String token = links.token(record.ownerId(), record.id(), expiresAt);
        String playlist = quality.variant()
                .map(v -> v.folder() + "/" + HlsLayout.VARIANT_PLAYLIST)
                .orElse(HlsLayout.MASTER);
        return new AudioLink(URI.create(apiBase + HlsController.PATH + token + "/" + playlist), expiresAt, "hls", quality.key());
    }

    private AudioLink presigned(String key, Instant expiresAt, String rendition, Quality quality) {
        PresignedUrl url = store.presignGet(key, Duration.between(clock.instant(), expiresAt));
        return new AudioLink(url.url(), url.expiresAt(), rendition, quality.key());
    }

    private Instant expiry(Record record) {
        Duration life = ttl.plusMillis(record.audioDurationMs() != null ? record.audioDurationMs() : 0);
        return clock.instant().plus(life.compareTo(LONGEST) < 0 ? life : LONGEST).truncatedTo(ChronoUnit.SECONDS);
    }

    private String originalKey(Record record) {
        if (record.deleteAudioAfterProcessing() && record.status() == RecordStatus.COMPLETED) {
            throw ApiError.notFound("RENDITION_NOT_AVAILABLE",
                    "The original audio of record " + record.id() + " was deleted after processing, as the record asked.");
        }
        return records.originalAudioKey(record);
    }

    private static String required(Map<RenditionKind, String> made, RenditionKind kind, Record record) {
        String key = made.get(kind);
        if (key == null) {
            throw ApiError.notFound("RENDITION_NOT_AVAILABLE", "The " + kind.name().toLowerCase(Locale.ROOT)
                    + " rendition of record " + record.id() + " is not available (yet).");
        }
        return key;
    }

    /** Which renditions exist, and their keys: on every stream request, so fluent and mapped by hand (see RecordDao). */
    private Map<RenditionKind, String> renditionKeys(long recordId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT kind, object_key FROM renditions WHERE record_id = :id")
                .bind("id", recordId)
                .map((rs, ctx) -> Map.entry(RenditionKind.valueOf(rs.getString("kind")), rs.getString("object_key")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                        () -> new EnumMap<>(RenditionKind.class))));
    }
}
