package io.audiojobs.shared.pipeline;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;

import static io.audiojobs.shared.db.Columns.enumValue;
import static io.audiojobs.shared.db.Columns.instant;

/** A processing_steps row (SELECT *) as a {@link ProcessingStep}, by column name. */
public final class ProcessingStepMapper implements RowMapper<ProcessingStep> {
    @Override
    public ProcessingStep map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ProcessingStep(
                rs.getLong("record_id"),
                rs.getString("name"),
                rs.getInt("position"),
                enumValue(rs, "status", StepStatus.class),
                rs.getInt("progress"),
                rs.getInt("attempts"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("error"));
    }
}
