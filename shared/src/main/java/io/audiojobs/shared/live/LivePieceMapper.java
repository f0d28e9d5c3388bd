package io.audiojobs.shared.live;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;

import static io.audiojobs.shared.db.Columns.instant;
import static io.audiojobs.shared.db.Columns.uuid;

/** A live_pieces row as a {@link LivePiece} (the JSON result is read on its own where needed). */
public final class LivePieceMapper implements RowMapper<LivePiece> {
    @Override
    public LivePiece map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new LivePiece(
                uuid(rs, "id"),
                uuid(rs, "session_id"),
                rs.getInt("idx"),
                rs.getLong("start_ms"),
                rs.getLong("end_ms"),
                rs.getString("status"),
                rs.getString("transcription"),
                rs.getString("language"),
                rs.getString("model"),
                rs.getInt("version"),
                rs.getString("error"),
                instant(rs, "created_at"),
                instant(rs, "transcribed_at"));
    }
}
