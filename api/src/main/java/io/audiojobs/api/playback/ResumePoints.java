package io.audiojobs.api.playback;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.playback.PlaybackViews.ResumePoint;
import io.audiojobs.shared.db.Columns;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One resume point per user and record (playback_positions). The latest write wins, "latest"
 * meaning the one the database applies last: each write is one statement that bumps the row's
 * version under its row lock, so two devices racing get versions n and n+1 and everyone converges
 * on n+1. Progress writes are the hot path of playback, so each call is one statement on Jdbi's
 * fluent API with a hand-written mapper (ownership, the duration check and the write together),
 * committed without waiting for the disk.
 */
public final class ResumePoints {
    public static final double MIN_SPEED = 0.25;
    public static final double MAX_SPEED = 4.0;
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final RowMapper<ResumePoint> POINT = (rs, ctx) -> rs.getObject("version") == null
            ? ResumePoint.none(rs.getLong("target_id"))
            : new ResumePoint(rs.getLong("target_id"), rs.getLong("position_ms"), rs.getDouble("speed"), rs.getLong("version"),
                    rs.getString("playback_session_id"), Columns.instant(rs, "updated_at"));

    private final Jdbi jdbi;
    private final long longestAudioMs;

    /** @param longestAudio MAX_DURATION: the bound on positions while a record's own length is not known yet */
    public ResumePoints(Jdbi jdbi, Duration longestAudio) {
        this.jdbi = jdbi;
        this.longestAudioMs = longestAudio.toMillis();
    }

    /** The caller's resume point on their record (version 0 at 0 ms when never written); 404 for anyone else's. */
    public ResumePoint get(String owner, long recordId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT r.id AS target_id, p.position_ms, p.speed, p.version, p.playback_session_id, p.updated_at
                        FROM records r
                        LEFT JOIN playback_positions p ON p.record_id = r.id AND p.owner_id = r.owner_id
                        WHERE r.id = :recordId AND r.owner_id = :owner
                        """)
                .bind("recordId", recordId).bind("owner", owner)
                .map(POINT).findOne())
                .orElseThrow(() -> recordNotFound(recordId));
    }

    /** The resume point of the record's owner, for the record's event stream. */
    public Optional<ResumePoint> ofOwner(long recordId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.record_id AS target_id, p.position_ms, p.speed, p.version, p.playback_session_id, p.updated_at
                        FROM playback_positions p JOIN records r ON r.id = p.record_id AND r.owner_id = p.owner_id
                        WHERE p.record_id = :recordId
                        """)
                .bind("recordId", recordId).map(POINT).findOne());
    }

    /**
     * Writes the caller's resume point: 404 for a record that is not theirs, 400 for a position past
     * the end of the audio (before convert has measured it, past the longest audio the server takes) or a speed outside 0.25-4 (absent: the last
     * speed stays).
     */
    public ResumePoint save(String owner, long recordId, Long positionMs, Double speed, String playbackSessionId) {
        if (positionMs == null || positionMs < 0) {
            throw ApiError.badRequest("VALIDATION_FAILED", "positionMs is required and must be 0 or more.");
        }
        if (speed != null && !(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
            throw ApiError.badRequest("VALIDATION_FAILED", "speed must be between 0.25 and 4.");
        }
        if (playbackSessionId != null && !SESSION_ID.matcher(playbackSessionId).matches()) {
            throw ApiError.badRequest("VALIDATION_FAILED", "playbackSessionId must be 1-64 letters, digits, '-' or '_'.");
        }
        Written written = jdbi.inTransaction(h -> {
            // A resume point is rewritten every few seconds by the playing device: its commit does not wait
            // for the WAL to reach the disk. A PostgreSQL crash may lose the last fraction of a second of
            // them (never half of one); the player's next write restores it. Nothing else runs this way.
            h.execute("SET LOCAL synchronous_commit = off");
            return h.createQuery("""
                        WITH target AS (
                            SELECT id, audio_duration_ms FROM records WHERE id = :recordId AND owner_id = :owner
                        ), saved AS (
                            INSERT INTO playback_positions AS p
                                (owner_id, record_id, position_ms, speed, version, playback_session_id, updated_at)
                            SELECT :owner, id, :position, COALESCE(CAST(:speed AS numeric), 1.00), 1, :session, clock_timestamp()
                            FROM target
                            WHERE :position <= COALESCE(audio_duration_ms, :longest)
                            ON CONFLICT (owner_id, record_id) DO UPDATE
                            SET position_ms = EXCLUDED.position_ms,
                                speed = COALESCE(CAST(:speed AS numeric), p.speed),
                                version = p.version + 1,
                                playback_session_id = EXCLUDED.playback_session_id,
                                updated_at = EXCLUDED.updated_at
                            RETURNING position_ms, speed, version, playback_session_id, updated_at
                        )
                        SELECT target.id AS target_id, target.audio_duration_ms, saved.*
                        FROM target LEFT JOIN saved ON true
                        """)
                .bind("recordId", recordId).bind("owner", owner).bind("position", (long) positionMs).bind("longest", longestAudioMs)
                .bind("speed", speed).bind("session", playbackSessionId)
                .map((rs, ctx) -> new Written(POINT.map(rs, ctx), Columns.nullableLong(rs, "audio_duration_ms")))
                .findOne();
        }).orElseThrow(() -> recordNotFound(recordId));
        if (written.point().version() == 0) {
            throw outOfRange("positionMs", positionMs, written.durationMs(), longestAudioMs);
        }
        return written.point();
    }

    private record Written(ResumePoint point, Long durationMs) {}

    static ApiError outOfRange(String field, long value, Long durationMs, long longestAudioMs) {
        return ApiError.badRequest("POSITION_OUT_OF_RANGE", durationMs != null
                ? field + " " + value + " is past the end of the audio (" + durationMs + " ms)."
                : field + " " + value + " is past the longest audio this server takes (" + longestAudioMs
                        + " ms); the record's own length is not measured yet.");
    }

    static ApiError recordNotFound(long recordId) {
        return ApiError.notFound("RECORD_NOT_FOUND", "Record not found: " + recordId);
    }
}
