package io.audiojobs.bench;

import com.fasterxml.jackson.databind.JsonNode;

import io.audiojobs.shared.config.AppConfig;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Part F of `./audiojobs bench`, first half (API + one worker): a recording through
 * {@code POST /v1/audio/transcriptions} with an API key, timed by the client, beside the pipeline's
 * own times read from the record's steps. The request is answered once the transcript is saved, so
 * the wrapper's overhead is its time minus pickup -> transcript saved: streaming the file to storage,
 * record creation, pickup, and hearing of the transcript (NOTIFY) and answering. Also what an API key
 * costs per request beside a JWT (job-status polled with each).
 */
final class OpenAiLatencyBench {
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final int AUTH_REQUESTS = 2_000;

    /**
     * @param warmUp one unmeasured run first (a fresh worker loads its model on its first job)
     * @param authCost also time job-status with an API key beside a JWT
     */
    record Settings(String apiUrl, AppConfig.Auth auth, int runs, Path recording, int recordingSeconds, boolean warmUp,
                    boolean authCost) {}

    private final Settings settings;
    private final Report report;
    private final BenchClient client;

    OpenAiLatencyBench(Settings settings, Report report) {
        this.settings = settings;
        this.report = report;
        this.client = new BenchClient(settings.apiUrl());
    }

    void run() throws Exception {
        String token = new Users(1, settings.auth()).token(0);
        String key = client.newApiKey(token);
        byte[] recording = Files.readAllBytes(settings.recording());
        Spread http = new Spread();
        Spread transcribed = new Spread();
        Spread completed = new Spread();
        Spread overhead = new Spread();
        Spread intake = new Spread();
        Spread answer = new Spread();
        long lastRecord = 0;
        for (int run = settings.warmUp() ? -1 : 0; run < settings.runs(); run++) { // run -1 warms up
            Instant sent = Instant.now();
            long started = System.nanoTime();
            HttpResponse<String> response = client.send(client.transcription(key, recording, "json"));
            double millis = (System.nanoTime() - started) / 1e6;
            Instant received = Instant.now();
            boolean warmUpOutwaited = run < 0 && response.statusCode() == 504; // the worker loading its model may take longer
            if (response.statusCode() != 200 && !warmUpOutwaited) {
                throw new IllegalStateException("POST /v1/audio/transcriptions answered " + response.statusCode() + ": " + response.body());
            }
            lastRecord = Long.parseLong(response.headers().firstValue("X-Audiojobs-Record-Id").orElseThrow());
            JsonNode status = client.awaitCompleted(token, lastRecord, TIMEOUT);
            if (run < 0) {
                continue;
            }
            Instant created = Instant.parse(client.getJson(token, "/api/v1/records/" + lastRecord).get("createdAt").asText());
            Instant pickup = instant(status, 0, "startedAt");
            Instant transcriptSaved = instant(status, 1, "finishedAt");
            double pipeline = Duration.between(pickup, transcriptSaved).toNanos() / 1e6;
            http.add(millis);
            transcribed.add(pipeline);
            completed.add(Duration.between(pickup, instant(status, 2, "finishedAt")).toNanos() / 1e6);
            overhead.add(millis - pipeline);
            intake.add(Duration.between(sent, created).toNanos() / 1e6);
            answer.add(Duration.between(transcriptSaved, received).toNanos() / 1e6);
        }
        String audio = settings.recordingSeconds() + " s of speech (WAV)";
        report.row(audio + " through POST /v1/audio/transcriptions (API key, json), as the client times it", http.format("ms", 0));
        report.row(audio + ": the pipeline's pickup -> transcript saved (what the request waits for)", transcribed.format("ms", 0));
        report.row(audio + ": the pipeline's pickup -> COMPLETED (analysis included; the answer does not wait for it)",
                completed.format("ms", 0));
        report.row(audio + ": overhead of the synchronous wrapper (client time - pickup -> transcript saved)",
                overhead.format("ms", 0), "median < 200 ms", overhead.median() < 200);
        report.row(audio + ": of which request sent -> record created (file streamed to S3 through the API)", intake.format("ms", 0));
        report.row(audio + ": of which transcript saved -> answer received (NOTIFY, read, render)", answer.format("ms", 0));
        if (settings.authCost()) {
            authCost(token, key, lastRecord);
        }
    }

    /** job-status polled with a JWT and with an API key, in alternating blocks: what the key's lookup costs. */
    private void authCost(String token, String key, long recordId) throws Exception {
        String path = "/api/v1/records/" + recordId + "/job-status";
        Latencies jwt = new Latencies(AUTH_REQUESTS);
        Latencies apiKey = new Latencies(AUTH_REQUESTS);
        for (int i = 0; i < 200; i++) { // warm-up
            client.get(i % 2 == 0 ? token : key, path);
        }
        for (int block = 0; block < 20; block++) {
            for (int i = 0; i < AUTH_REQUESTS / 20; i++) {
                jwt.record(timed(token, path));
                apiKey.record(timed(key, path));
            }
        }
        report.row("job-status p50 / p99, " + AUTH_REQUESTS + " sequential requests with a JWT (verified tokens remembered)",
                percentiles(jwt));
        report.row("job-status p50 / p99, " + AUTH_REQUESTS + " sequential requests with an API key (an indexed lookup each, no cache)",
                percentiles(apiKey));
    }

    private static String percentiles(Latencies latencies) {
        return String.format(java.util.Locale.ROOT, "%.2f / %.2f ms", latencies.percentileMillis(50), latencies.percentileMillis(99));
    }

    private long timed(String bearer, String path) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = client.get(bearer, path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        return System.nanoTime() - started;
    }

    private static Instant instant(JsonNode status, int step, String field) {
        return Instant.parse(status.get("steps").get(step).get(field).asText());
    }
}
