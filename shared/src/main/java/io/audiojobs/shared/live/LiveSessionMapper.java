package io.audiojobs.shared.live;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;

import static io.audiojobs.shared.db.Columns.instant;
import static io.audiojobs.shared.db.Columns.nullableLong;
import static io.audiojobs.shared.db.Columns.uuid;

/** A live_sessions row (SELECT *) as a {@link LiveSession}. */
public final class LiveSessionMapper implements RowMapper<LiveSession> {
    @Override
    public LiveSession map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new LiveSession(
                uuid(rs, "id"),
                rs.getString("owner_id"),
                rs.getString("title"),
                rs.getString("language"),
                rs.getString("model"),
                rs.getString("mime_type"),
                rs.getString("status"),
                instant(rs, "stop_requested_at"),
                rs.getString("stop_reason"),
                instant(rs, "sealed_at"),
                instant(rs, "ended_at"),
                rs.getString("failed_reason"),
                rs.getLong("decoded_ms"),
                nullableLong(rs, "record_id"),
                instant(rs, "decoder_done_at"),
                instant(rs, "created_at"));
    }
}
