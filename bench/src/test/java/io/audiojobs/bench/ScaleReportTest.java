package io.audiojobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScaleReportTest {
    @TempDir
    Path dir;
    private List<VoskCeiling.Run> ceiling = List.of();

    @Test
    void a_timeline_is_cut_into_spans_in_the_order_the_time_was_spent() throws Exception {
        var status = new ObjectMapper().readTree("""
                {"steps": [
                  {"name": "convert", "startedAt": "2026-01-01T00:00:00.100Z", "finishedAt": "2026-01-01T00:00:10.100Z"},
                  {"name": "transcribe", "startedAt": "2026-01-01T00:00:10.200Z", "finishedAt": "2026-01-01T00:01:12.300Z"},
                  {"name": "analyze", "startedAt": "2026-01-01T00:01:12.400Z", "finishedAt": "2026-01-01T00:01:14.300Z"}]}""");
        var chunks = List.of(
                new PipelineTimeline.Chunk(0, "a", Instant.parse("2026-01-01T00:00:11.300Z"), Instant.parse("2026-01-01T00:00:41.300Z")),
                new PipelineTimeline.Chunk(1, "b", Instant.parse("2026-01-01T00:00:11.400Z"), Instant.parse("2026-01-01T00:01:11.400Z")),
                new PipelineTimeline.Chunk(2, "a", Instant.parse("2026-01-01T00:00:41.400Z"), Instant.parse("2026-01-01T00:01:12.000Z")));
        var timeline = PipelineTimeline.of(status, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:11.200Z"),
                Instant.parse("2026-01-01T00:01:12.200Z"), chunks);

        assertThat(timeline.spans()).isEqualTo(new PipelineTimeline.Spans(100, 10_000, 1_000, 60_800, 200, 2_000));
        assertThat(timeline.chunkWorkMillis()).isEqualTo(30_000 + 60_000 + 30_600);
        assertThat(timeline.chunksByWorker()).containsExactly(Map.entry("a", 2), Map.entry("b", 1));
    }

    @Test
    void the_ratio_is_of_the_medians_and_the_target_is_met_at_one_point_eight() throws Exception {
        Path results = dir.resolve("scale.jsonl");
        run("scale", 1, 90_000, 72_000).appendTo(results);
        run("scale", 2, 50_000, 36_000).appendTo(results);
        run("scale", 1, 100_000, 80_000).appendTo(results);
        run("scale", 2, 54_000, 40_000).appendTo(results);

        String rows = write(results);

        assertThat(rows).contains("| 1.0 min of speech, 1 worker pinned to 1 core (WORKER_THREADS=1): record created -> COMPLETED | 95.0 s (90.0–100.0, 2 runs) |");
        assertThat(rows).contains("| 1.83x (1.80–1.85, 2 pairs) | >= 1.8x | met |");
        assertThat(rows).contains("| the same, the chunks alone (the part the workers share) | 2.00x |");
    }

    @Test
    void the_pipeline_is_set_beside_what_two_cores_give_vosk_alone() throws Exception {
        Path results = dir.resolve("scale.jsonl");
        run("scale", 1, 90_000, 72_000).appendTo(results);
        run("scale", 2, 60_000, 45_000).appendTo(results);
        ceiling = List.of(new VoskCeiling.Run(1, 180_000, 18_000, 0), new VoskCeiling.Run(2, 180_000, 24_000, 0),
                new VoskCeiling.Run(2, 180_000, 24_000, 300));

        String rows = write(results);

        // two processes each took 24 s for what one did alone in 18 s: 2 x 18 / 24 = 1.5x; the pipeline's 1.5x is all of it
        assertThat(rows).contains("| 1.50x (1 alone: 18000 ms (18000–18000, 1 runs); each of 2 together: 24000 ms (24000–24000, 2 runs));"
                + " the pipeline got 100 % of it |");
    }

    @Test
    void an_hour_gives_the_time_per_core_and_the_workers_an_hour_a_minute_needs() throws Exception {
        Path results = dir.resolve("scale.jsonl");
        new ScaleRun("hour", 2, 2, 1, 3_600_000, 240_000, new PipelineTimeline.Spans(50, 40_000, 5_000, 190_000, 500, 4_000),
                60, 380_000, Map.of("a", 30, "b", 30), 1.0, 2.0).appendTo(results);

        String rows = write(results);

        assertThat(rows).contains("| 480 s (0.133 x real time per core) |");
        assertThat(rows).contains("| 240 s here on 2 cores: 7.2x their time for as much audio |");
        assertThat(rows).contains("| 50 s |"); // 240 s minus the 190 s of chunks
        assertThat(rows).contains("| 8 (this run: 0.133 core-seconds per second of audio, x 60) |");
    }

    @Test
    void workers_needed_round_up() {
        assertThat(ScaleReport.workersFor(0.1)).isEqualTo(6);
        assertThat(ScaleReport.workersFor(0.101)).isEqualTo(7);
    }

    private String write(Path results) throws Exception {
        Path rows = dir.resolve("rows.md");
        new ScaleReport(new ScaleRuns(ScaleRun.readAll(results)), ceiling, new Report(rows, dir.resolve("details.md"))).write();
        return Files.readString(rows);
    }

    private static ScaleRun run(String part, int workers, long totalMs, long chunksMs) {
        return new ScaleRun(part, workers, workers, 1, 60_000, totalMs, new PipelineTimeline.Spans(20, 10_000, 1_000, chunksMs, 100, 2_000),
                6, chunksMs, Map.of("w", 6), 1.5, 1.5);
    }
}
