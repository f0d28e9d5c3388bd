package io.audiojobs.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one recording's time went, in the order it was spent: from the steps' startedAt and
 * finishedAt in job-status, and, inside the transcribe step, from the product's chunk rows (when
 * each chunk was enqueued, started and finished, and when the transcript was merged).
 */
record PipelineTimeline(Instant created, Step convert, Step transcribe, Step analyze, Instant chunksEnqueued,
                        Instant merged, List<Chunk> chunks) {

    record Step(Instant started, Instant finished) {
        static Step of(JsonNode status, String name) {
            for (JsonNode step : status.get("steps")) {
                if (step.get("name").asText().equals(name)) {
                    return new Step(Instant.parse(step.get("startedAt").asText()), Instant.parse(step.get("finishedAt").asText()));
                }
            }
            throw new IllegalStateException("job-status has no step " + name + ": " + status);
        }
    }

    /** A chunk of the recording, transcribed by {@code worker}: its last attempt's start and its finish. */
    record Chunk(int index, String worker, Instant started, Instant finished) {
        long millis() {
            return Duration.between(started, finished).toMillis();
        }
    }

    /** The spans a run is cut into, in milliseconds; what none of them covers is {@code other}. */
    record Spans(long pickup, long convert, long cut, long chunks, long merge, long analyze) {
        long sum() {
            return pickup + convert + cut + chunks + merge + analyze;
        }
    }

    static PipelineTimeline of(JsonNode status, Instant created, Instant chunksEnqueued, Instant merged, List<Chunk> chunks) {
        return new PipelineTimeline(created, Step.of(status, "convert"), Step.of(status, "transcribe"), Step.of(status, "analyze"),
                chunksEnqueued, merged, chunks);
    }

    /**
     * pickup: record created -> convert started; convert; cut: transcribe started -> chunk jobs
     * enqueued (the audio cut at pauses, chunks stored); chunks: -> the last chunk transcribed;
     * merge: -> transcript merged and saved; analyze: transcribe finished -> analyze finished.
     * A recording transcribed in one piece has no chunks: its whole transcribe step is "chunks".
     */
    Spans spans() {
        long pickup = Math.max(0, millis(created, convert.started()));
        if (chunks.isEmpty()) {
            return new Spans(pickup, millis(convert.started(), convert.finished()), 0,
                    millis(transcribe.started(), transcribe.finished()), 0, millis(transcribe.finished(), analyze.finished()));
        }
        Instant lastChunk = chunks.stream().map(Chunk::finished).max(Instant::compareTo).orElseThrow();
        return new Spans(pickup, millis(convert.started(), convert.finished()), millis(transcribe.started(), chunksEnqueued),
                millis(chunksEnqueued, lastChunk), millis(lastChunk, merged), millis(transcribe.finished(), analyze.finished()));
    }

    /** Time spent transcribing chunks, added up over the workers: the part more workers share. */
    long chunkWorkMillis() {
        return chunks.stream().mapToLong(Chunk::millis).sum();
    }

    /** How many chunks each worker transcribed. */
    Map<String, Integer> chunksByWorker() {
        Map<String, Integer> counts = new TreeMap<>();
        chunks.forEach(c -> counts.merge(c.worker(), 1, Integer::sum));
        return counts;
    }

    private static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }
}
