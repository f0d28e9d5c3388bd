package io.audiojobs.shared.analysis;

import com.fasterxml.jackson.core.type.TypeReference;
import io.audiojobs.shared.transcripts.TranscriptStore;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

/** A record's analysis, one row replaced as a whole by each run. */
public final class AnalysisStore {
    private final Jdbi jdbi;

    public AnalysisStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void save(long recordId, int run, Analysis analysis) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO analyses (record_id, run, metrics, summary, topics, summary_status, summary_error)
                        VALUES (:record, :run, CAST(:metrics AS jsonb), :summary, CAST(:topics AS jsonb), :status, :error)
                        ON CONFLICT (record_id) DO UPDATE
                        SET run = EXCLUDED.run, metrics = EXCLUDED.metrics, summary = EXCLUDED.summary, topics = EXCLUDED.topics,
                            summary_status = EXCLUDED.summary_status, summary_error = EXCLUDED.summary_error, created_at = now()
                        WHERE analyses.run <= EXCLUDED.run
                        """)
                .bind("record", recordId).bind("run", run)
                .bind("metrics", TranscriptStore.write(analysis))
                .bind("summary", analysis.summary().text())
                .bind("topics", TranscriptStore.write(analysis.summary().topics()))
                .bind("status", analysis.summary().status())
                .bind("error", analysis.summary().missingReason())
                .execute());
    }

    public Optional<Analysis> find(long recordId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT metrics::text FROM analyses WHERE record_id = :record")
                .bind("record", recordId).mapTo(String.class).findOne()
                .map(json -> TranscriptStore.read(json, new TypeReference<Analysis>() {})));
    }
}
