package io.audiojobs.shared.uploads;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;

import static io.audiojobs.shared.db.Columns.enumValue;
import static io.audiojobs.shared.db.Columns.instant;
import static io.audiojobs.shared.db.Columns.nullableInt;
import static io.audiojobs.shared.db.Columns.nullableLong;

/** An uploads row (SELECT *) as an {@link Upload}, by column name. */
public final class UploadMapper implements RowMapper<Upload> {
    @Override
    public Upload map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Upload(
                rs.getLong("id"),
                rs.getString("owner_id"),
                rs.getString("object_key"),
                rs.getString("filename"),
                rs.getString("content_type"),
                rs.getLong("size_bytes"),
                rs.getString("sha256"),
                enumValue(rs, "method", UploadMethod.class),
                rs.getString("multipart_id"),
                nullableLong(rs, "part_size"),
                enumValue(rs, "status", UploadStatus.class),
                nullableInt(rs, "duration_seconds"),
                instant(rs, "expires_at"),
                instant(rs, "created_at"),
                instant(rs, "uploaded_at"),
                rs.getString("etag"),
                instant(rs, "sealed_at"));
    }
}
