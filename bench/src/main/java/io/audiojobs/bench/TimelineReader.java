package io.audiojobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Reads what job-status does not show from the product's database: each chunk's worker and finish
 * (transcript_chunks), the merge (transcription_runs), and when each chunk job was enqueued and last
 * started (the job's state history, which JobRunr keeps in jobrunr_jobs).
 */
final class TimelineReader {
    private static final String CHUNKS = """
            WITH chunk_jobs AS (
                SELECT (j.jobasjson::jsonb #>> '{jobDetails,jobParameters,0,object,index}')::int AS idx,
                       j.jobasjson::jsonb -> 'jobHistory' AS history
                FROM jobrunr_jobs j
                WHERE j.jobsignature LIKE 'io.audiojobs.shared.jobs.TranscribeChunkHandler%'
                  AND (j.jobasjson::jsonb #>> '{jobDetails,jobParameters,0,object,recordId}')::bigint = :record
                  AND (j.jobasjson::jsonb #>> '{jobDetails,jobParameters,0,object,run}')::int = :run)
            SELECT c.idx, c.worker, c.finished_at,
                   (SELECT min((h ->> 'createdAt')::timestamptz) FROM jsonb_array_elements(k.history) h
                    WHERE h ->> 'state' = 'ENQUEUED') AS enqueued_at,
                   (SELECT max((h ->> 'createdAt')::timestamptz) FROM jsonb_array_elements(k.history) h
                    WHERE h ->> 'state' = 'PROCESSING') AS started_at
            FROM transcript_chunks c JOIN chunk_jobs k ON k.idx = c.idx
            WHERE c.record_id = :record AND c.run = :run
            ORDER BY c.idx""";

    private record ChunkRow(PipelineTimeline.Chunk chunk, Instant enqueued) {}

    private final Jdbi jdbi;

    TimelineReader(String url, String user, String password) {
        this.jdbi = Jdbi.create(url, user, password);
    }

    /** The timeline of a finished record's first transcription run; {@code status} is its job-status. */
    PipelineTimeline read(long recordId, JsonNode status, Instant created) {
        return jdbi.withHandle(h -> {
            List<ChunkRow> rows = h.createQuery(CHUNKS).bind("record", recordId).bind("run", 1)
                    .map((rs, ctx) -> new ChunkRow(new PipelineTimeline.Chunk(rs.getInt("idx"), rs.getString("worker"),
                            instant(rs.getObject("started_at", OffsetDateTime.class)),
                            instant(rs.getObject("finished_at", OffsetDateTime.class))),
                            instant(rs.getObject("enqueued_at", OffsetDateTime.class))))
                    .list();
            Instant merged = h.createQuery("SELECT merged_at FROM transcription_runs WHERE record_id = :record AND run = 1")
                    .bind("record", recordId).mapTo(OffsetDateTime.class).findOne().map(TimelineReader::instant).orElse(null);
            Instant enqueued = rows.stream().map(ChunkRow::enqueued).min(Instant::compareTo).orElse(null);
            return PipelineTimeline.of(status, created, enqueued, merged, rows.stream().map(ChunkRow::chunk).toList());
        });
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
