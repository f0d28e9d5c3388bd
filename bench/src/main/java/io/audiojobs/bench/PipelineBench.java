package io.audiojobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.shared.config.AppConfig;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Part B of `./audiojobs bench`: an API process and one worker process. A 60 s recording goes
 * through the whole pipeline (convert, transcribe with Vosk, analyze) several times; the driver
 * polls job-status like a frontend does and samples the worker's RSS.
 */
final class PipelineBench {
    private static final long MIB = 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    record Settings(String apiUrl, long workerPid, AppConfig.Auth auth, int runs, Path recording, int recordingSeconds) {}

    private final Settings settings;
    private final Report report;
    private final BenchClient client;
    private final String token;

    PipelineBench(Settings settings, Report report) throws Exception {
        this.settings = settings;
        this.report = report;
        this.client = new BenchClient(settings.apiUrl());
        this.token = new Users(1, settings.auth()).token(0);
    }

    void run() throws Exception {
        byte[] recording = Files.readAllBytes(settings.recording());
        long startedRss = ProcessMemory.rssBytes(settings.workerPid());
        Spread total = new Spread();
        Spread pickup = new Spread();
        Spread work = new Spread();
        long busyRss;
        try (PeakSampler rss = new PeakSampler("worker-rss", () -> ProcessMemory.rssBytes(settings.workerPid()), 100)) {
            for (int run = 0; run < settings.runs(); run++) {
                long uploadId = client.uploaded(token, recording);
                long started = System.nanoTime();
                HttpResponse<String> created = client.createRecord(token, uploadId);
                if (created.statusCode() != 202) {
                    throw new IllegalStateException("POST /api/v1/records answered " + created.statusCode() + ": " + created.body());
                }
                long recordId = BenchClient.recordId(created);
                JsonNode status = client.awaitCompleted(token, recordId, TIMEOUT, Duration.ofMillis(20));
                total.add((System.nanoTime() - started) / 1e6);
                Instant createdAt = Instant.parse(client.getJson(token, "/api/v1/records/" + recordId).get("createdAt").asText());
                Instant firstStarted = Instant.MAX;
                Instant lastFinished = Instant.MIN;
                for (JsonNode step : status.get("steps")) {
                    Instant stepStarted = Instant.parse(step.get("startedAt").asText());
                    Instant stepFinished = Instant.parse(step.get("finishedAt").asText());
                    firstStarted = stepStarted.isBefore(firstStarted) ? stepStarted : firstStarted;
                    lastFinished = stepFinished.isAfter(lastFinished) ? stepFinished : lastFinished;
                }
                pickup.add(Math.max(0, Duration.between(createdAt, firstStarted).toNanos() / 1e6));
                work.add(Duration.between(firstStarted, lastFinished).toNanos() / 1e6);
            }
            busyRss = rss.peak();
        }
        Thread.sleep(5_000);
        long loadedRss = ProcessMemory.rssBytes(settings.workerPid());

        String seconds = settings.recordingSeconds() + " s";
        report.row(seconds + " WAV: 202 -> COMPLETED, as a client polling job-status sees it", total.format("ms", 0));
        report.row(seconds + " WAV: record created -> first step started (pickup, NOTIFY wake-up)", pickup.format("ms", 0),
                "median < 100 ms", pickup.median() < 100);
        report.row(seconds + " WAV: pickup -> COMPLETED (convert + transcribe + analyze, one worker)", work.format("ms", 0),
                "< 15 s", work.max() < 15_000);
        report.row("worker RSS, started, before its first job (model not loaded yet)", ProcessMemory.formatMib(startedRss));
        report.row("worker RSS, highest while running those jobs", ProcessMemory.formatMib(busyRss), "< 700 MiB", busyRss < 700 * MIB);
        report.row("worker RSS, idle afterwards with the Vosk model loaded", ProcessMemory.formatMib(loadedRss), "< 700 MiB", loadedRss < 700 * MIB);
    }
}
