package io.audiojobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.worker.convert.FfmpegTranscoder;
import io.audiojobs.worker.media.ToolTimeLimit;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Part P of `./audiojobs bench` (seed 001, playback): an API process and one worker process. The
 * HLS encoding beside the MP3's (the worker's own transcoder, run here on the same files); a 60 s
 * recording through the pipeline until COMPLETED and until its HLS link plays; then many listeners,
 * each a user's player, asking for stream URLs and saving progress, while players starting up time
 * stream URL + master playlist + variant playlist + first segment.
 */
final class PlaybackBench {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    record Settings(String apiUrl, long apiPid, AppConfig.Auth auth, int runs, Path recording, int recordingSeconds,
                    Optional<Path> longRecording, int longSeconds, Path listenerRecording, int users, int listeners, Duration interval,
                    Duration length) {}

    private final Settings settings;
    private final Report report;
    private final BenchClient client;
    private final Users users;

    PlaybackBench(Settings settings, Report report) throws Exception {
        this.settings = settings;
        this.report = report;
        this.client = new BenchClient(settings.apiUrl());
        this.users = new Users(settings.users(), settings.auth());
    }

    void run() throws Exception {
        encodings(settings.recording(), settings.recordingSeconds());
        if (settings.longRecording().isPresent()) {
            encodings(settings.longRecording().get(), settings.longSeconds());
        }
        List<Listeners.Stream> minutes = pipeline();
        List<Listeners.Stream> streams = prepareStreams();
        listen(new Listeners(client, streams, minutes));
    }

    /** The worker's transcoder on the same file: MP3, then HLS (two AAC variants). */
    private void encodings(Path wav, int seconds) throws Exception {
        String length = length(seconds);
        var transcoder = new FfmpegTranscoder("ffmpeg", "ffprobe", Duration.ofHours(5),
                new ToolTimeLimit(Duration.ofMinutes(10), 2.0)); // generous: the bench measures, it does not cut runs short
        Spread mp3 = new Spread();
        Spread hls = new Spread();
        Path out = Files.createTempDirectory("bench-encode");
        for (int run = 0; run < settings.runs(); run++) {
            long started = System.nanoTime();
            transcoder.toMp3(wav, seconds * 1_000L, out.resolve("run" + run + ".mp3"));
            mp3.add((System.nanoTime() - started) / 1e9);
            Path dir = Files.createDirectory(out.resolve("hls" + run));
            started = System.nanoTime();
            transcoder.toHls(wav, seconds * 1_000L, dir);
            hls.add((System.nanoTime() - started) / 1e9);
        }
        report.row(length + " WAV encoded (worker's transcoder): HLS, AAC 64 + 128 kbit/s, 6 s segments", hls.format("s", 2));
        report.row(length + " WAV encoded (worker's transcoder): MP3 128 kbit/s, for comparison", mp3.format("s", 2));
        try (var files = Files.walk(out)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static String length(int seconds) {
        return seconds % 3600 == 0 ? seconds / 3600 + " h" : seconds + " s";
    }

    /** A 60 s recording: 202 -> COMPLETED (HLS is a job beside the pipeline) and 202 -> its HLS link plays. */
    private List<Listeners.Stream> pipeline() throws Exception {
        byte[] recording = Files.readAllBytes(settings.recording());
        String token = users.token(0);
        Spread completed = new Spread();
        Spread playable = new Spread();
        List<Listeners.Stream> made = new ArrayList<>();
        for (int run = 0; run < settings.runs(); run++) {
            long started = System.nanoTime();
            long recordId = BenchClient.recordId(client.createRecord(token, client.uploaded(token, recording)));
            await(() -> status(token, recordId).equals("COMPLETED"), "record " + recordId + " to complete");
            completed.add((System.nanoTime() - started) / 1e6);
            await(() -> rendition(token, recordId).equals("hls"), "record " + recordId + " to have HLS");
            playable.add((System.nanoTime() - started) / 1e6);
            made.add(new Listeners.Stream(token, recordId, settings.recordingSeconds() * 1_000L));
        }
        String seconds = settings.recordingSeconds() + " s";
        report.row(seconds + " WAV: 202 -> COMPLETED, with the HLS job running beside the pipeline", completed.format("ms", 0));
        report.row(seconds + " WAV: 202 -> HLS link playable", playable.format("ms", 0));
        return made;
    }

    /** One record per user, converted, with HLS: what the listeners play. */
    private List<Listeners.Stream> prepareStreams() throws Exception {
        byte[] recording = Files.readAllBytes(settings.listenerRecording());
        List<Long> ids = new ArrayList<>();
        for (int user = 0; user < settings.users(); user++) {
            String token = users.token(user);
            HttpResponse<String> created = client.createRecord(token, client.uploaded(token, recording));
            if (created.statusCode() != 202) {
                throw new IllegalStateException("POST /api/v1/records answered " + created.statusCode() + ": " + created.body());
            }
            ids.add(BenchClient.recordId(created));
        }
        List<Listeners.Stream> streams = new ArrayList<>();
        for (int user = 0; user < ids.size(); user++) {
            String token = users.token(user);
            long id = ids.get(user);
            // the worker idle while the listeners run: every record done, its HLS too
            await(() -> status(token, id).equals("COMPLETED") && rendition(token, id).equals("hls"),
                    "record " + id + " to complete with HLS");
            long durationMs = client.getJson(token, "/api/v1/records/" + id).get("audioDurationMs").asLong();
            streams.add(new Listeners.Stream(token, id, durationMs));
        }
        return streams;
    }

    private void listen(Listeners listeners) throws Exception {
        Spread p50 = new Spread();
        Spread p95 = new Spread();
        Spread p99 = new Spread();
        Spread rate = new Spread();
        Spread streamP95 = new Spread();
        Spread progressP95 = new Spread();
        Spread firstP50 = new Spread();
        Spread firstP95 = new Spread();
        int failed = 0;
        int samples = 0;
        java.util.Map<String, Long> reasons = new java.util.TreeMap<>();
        String loadBefore = loadAverage();
        long rss;
        try (PeakSampler apiRss = new PeakSampler("api-rss", () -> ProcessMemory.rssBytes(settings.apiPid()), 100)) {
            for (int run = 0; run < settings.runs(); run++) {
                Listeners.Result result = listeners.run(settings.listeners(), settings.interval(), settings.length(),
                        Duration.ofMillis(200));
                p50.add(result.all().percentileMillis(50));
                p95.add(result.all().percentileMillis(95));
                p99.add(result.all().percentileMillis(99));
                rate.add(result.perSecond());
                streamP95.add(result.stream().percentileMillis(95));
                progressP95.add(result.progress().percentileMillis(95));
                firstP50.add(result.firstAudio().percentileMillis(50));
                firstP95.add(result.firstAudio().percentileMillis(95));
                failed += result.all().failures() + result.firstAudio().failures();
                result.failures().forEach((reason, count) -> reasons.merge(reason, count, Long::sum));
                samples += result.firstAudio().count();
            }
            rss = apiRss.peak();
        }
        String who = String.format(Locale.ROOT, "%,d listeners (%d users, a request every %d s each, %d s)",
                settings.listeners(), settings.users(), settings.interval().toSeconds(), settings.length().toSeconds());
        report.row(who + ": stream-URL and progress requests, p50 / p95 / p99 (rate sustained)",
                String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms (%.0f req/s)%s", p50.median(), p95.median(), p99.median(),
                        rate.median(), failed == 0 ? "" : "; " + failed + " failed " + reasons),
                "p95 < 300 ms", p95.max() < 300 && failed == 0);
        report.row("of which GET /audio/stream/{id}, p95 / PUT /audio/progress, p95",
                String.format(Locale.ROOT, "%.1f / %.1f ms", streamP95.median(), progressP95.median()));
        report.row("time to first audio meanwhile (stream URL + master + variant playlist + first segment), p50 / p95",
                String.format(Locale.ROOT, "%.1f / %.1f ms (%d players)", firstP50.median(), firstP95.median(), samples),
                "p95 < 1 s", firstP95.max() < 1_000);
        report.row("API RSS, highest during the listeners", ProcessMemory.formatMib(rss));
        report.section(String.format(Locale.ROOT, "### Playback listeners%n%nLoad average of the machine (1 min) before the "
                + "listeners: %s, after: %s (2 cores: above 2, other processes took CPU from this run).%n", loadBefore, loadAverage()));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private String status(String token, long recordId) throws Exception {
        String status = client.getJson(token, "/api/v1/records/" + recordId + "/job-status").get("status").asText();
        if (status.equals("FAILED")) {
            throw new IllegalStateException("record " + recordId + " failed");
        }
        return status;
    }

    private String rendition(String token, long recordId) throws Exception {
        JsonNode link = client.getJson(token, "/api/v1/records/" + recordId + "/audio?rendition=hls");
        return link.get("rendition").asText();
    }

    @FunctionalInterface
    private interface Condition {
        boolean met() throws Exception;
    }

    private static void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.met()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + TIMEOUT + " for " + what);
            }
            Thread.sleep(20);
        }
    }
}
