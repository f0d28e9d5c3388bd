package io.audiojobs.shared.records;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;

import static io.audiojobs.shared.db.Columns.enumValue;
import static io.audiojobs.shared.db.Columns.instant;
import static io.audiojobs.shared.db.Columns.nullableInt;
import static io.audiojobs.shared.db.Columns.nullableLong;
import static io.audiojobs.shared.db.Columns.uuid;

/** A records row (SELECT *) as a {@link Record}, by column name. */
public final class RecordMapper implements RowMapper<Record> {
    @Override
    public Record map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Record(
                rs.getLong("id"),
                rs.getString("owner_id"),
                rs.getLong("upload_id"),
                rs.getString("title"),
                rs.getString("language"),
                nullableLong(rs, "song_id"),
                nullableInt(rs, "duration_seconds"),
                rs.getBoolean("delete_audio_after_processing"),
                rs.getString("webhook_url"),
                enumValue(rs, "status", RecordStatus.class),
                rs.getInt("progress"),
                rs.getString("failed_reason"),
                rs.getString("failed_step"),
                uuid(rs, "job_id"),
                nullableLong(rs, "audio_duration_ms"),
                rs.getString("audio_codec"),
                rs.getInt("transcription_run"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
