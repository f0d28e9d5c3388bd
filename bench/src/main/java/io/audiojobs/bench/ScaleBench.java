package io.audiojobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.shared.config.AppConfig;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Parts D and E of `./audiojobs bench`, one run per call: a spoken recording through the whole
 * pipeline on the worker processes bench/run.sh started, each pinned to a core of its own with
 * taskset. A warm-up recording first lets every worker load its Vosk model, so the measured run
 * compares work, not start-up. The run is timed from the record's creation to COMPLETED seen by
 * polling job-status as a frontend does, broken down with {@link PipelineTimeline}, and appended to
 * the results file.
 */
final class ScaleBench {
    private static final Duration TIMEOUT = Duration.ofMinutes(60);
    private static final Duration POLL = Duration.ofMillis(100); // a frontend's poll; the steps' own times give the breakdown

    record Settings(String apiUrl, AppConfig.Auth auth, String part, int workers, int threads, Path recording,
                    Optional<Path> warmUp, Path results, TimelineReader database) {}

    private final Settings settings;
    private final BenchClient client;
    private final String token;

    ScaleBench(Settings settings) throws Exception {
        this.settings = settings;
        this.client = new BenchClient(settings.apiUrl());
        this.token = new Users(1, settings.auth()).token(0);
    }

    void run() throws Exception {
        if (settings.warmUp().isPresent()) {
            client.awaitCompleted(token, create(settings.warmUp().get()), TIMEOUT, POLL);
        }
        double loadBefore = ScaleRun.loadAverage();
        long recordId = create(settings.recording());
        JsonNode status = client.awaitCompleted(token, recordId, TIMEOUT, POLL);
        Instant completedSeen = Instant.now();
        JsonNode record = client.getJson(token, "/api/v1/records/" + recordId);
        // from the record's creation (the upload is behind it; 202 follows at once), as the steps' times are
        Instant created = Instant.parse(record.get("createdAt").asText());
        long totalMs = Duration.between(created, completedSeen).toMillis();
        PipelineTimeline timeline = settings.database().read(recordId, status, created);
        // one core per worker: run.sh pins worker i to core i
        ScaleRun run = new ScaleRun(settings.part(), settings.workers(), settings.workers(), settings.threads(),
                record.get("audioDurationMs").asLong(), totalMs, timeline.spans(), timeline.chunks().size(),
                timeline.chunkWorkMillis(), timeline.chunksByWorker(), loadBefore, ScaleRun.loadAverage());
        run.appendTo(settings.results());
        System.out.printf(Locale.ROOT, "BENCH %s: %d s of audio, %d worker(s) on %d core(s): %d ms; %s, other %d ms; %d chunks, %s%n",
                run.part(), run.audioMs() / 1000, run.workers(), run.cores(), run.totalMs(), run.spans(), run.otherMs(),
                run.chunkCount(), run.chunksByWorker());
    }

    /** A direct upload of the file (streamed, however long): the record's id once the API has answered 202. */
    private long create(Path recording) throws Exception {
        HttpResponse<String> created = client.directUpload(token, recording);
        if (created.statusCode() != 202) {
            throw new IllegalStateException("POST /api/v1/records answered " + created.statusCode() + ": " + created.body());
        }
        return BenchClient.recordId(created);
    }
}
