package io.audiojobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The product as a user meets it: the API (client-only JobRunr) in this JVM, a worker node in a
 * separate process, one PostgreSQL and one S3 server; everything driven over HTTP.
 */
class WholeSystemTest {
    private static final List<String> ORDER = List.of("QUEUED", "CONVERTING", "TRANSCRIBING", "ANALYZING", "COMPLETED");

    private static ApiHarness api;
    private static WorkerProcess worker;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startApiAndWorker() throws Exception {
        api = ApiHarness.shared();
        worker = WorkerProcess.onSharedInfrastructure(dir.resolve("work"), dir.resolve("worker.log"),
                Map.of("WORKER_THREADS", "2", "JOB_POLL_SECONDS", "5"));
    }

    @AfterAll
    static void stopWorker() throws Exception {
        worker.close();
    }

    @Test
    void a_recording_goes_from_presigned_upload_to_completed_with_a_downloadable_mp3() throws Exception {
        String user = ApiHarness.newUser();
        byte[] wav = Files.readAllBytes(ffmpeg(dir.resolve("talk.wav"), "-f", "lavfi", "-i", "sine=frequency=300:duration=60", "-ac", "1"));

        JsonNode plan = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "talk.wav", "contentType", "audio/wav", "sizeBytes", wav.length)).json();
        assertThat(api.putTo(plan, wav)).isEqualTo(200);

        long posted = System.nanoTime();
        var accepted = api.postJson(user, "/api/v1/records", Map.of("title", "A talk", "uploadId", plan.get("uploadId").asLong()));
        long ackMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - posted);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        String statusUrl = accepted.json().get("statusUrl").asText();
        long recordId = accepted.json().at("/record/id").asLong();

        List<JsonNode> seen = new ArrayList<>();
        long acceptedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode status = api.get(user, statusUrl).json();
            seen.add(status);
            return status.get("status").asText().equals("COMPLETED") || status.get("status").asText().equals("FAILED");
        });
        long completedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acceptedAt);
        System.out.printf("whole-system: POST /records answered in %d ms; 202 -> COMPLETED in %d ms for a 60 s WAV%n",
                ackMillis, completedMillis);

        JsonNode last = seen.getLast();
        assertThat(last.get("status").asText()).as(last.toString()).isEqualTo("COMPLETED");
        assertThat(last.get("progress").asInt()).isEqualTo(100);
        assertThat(last.at("/steps/0/status").asText()).isEqualTo("COMPLETED");
        int progress = 0;
        int stage = 0;
        for (JsonNode status : seen) {
            assertThat(status.get("progress").asInt()).as("progress never goes back").isGreaterThanOrEqualTo(progress);
            assertThat(ORDER.indexOf(status.get("status").asText())).as("status only moves forward").isGreaterThanOrEqualTo(stage);
            progress = status.get("progress").asInt();
            stage = ORDER.indexOf(status.get("status").asText());
        }

        JsonNode audio = api.get(user, "/api/v1/records/" + recordId + "/audio?rendition=mp3").json();
        var download = api.send(HttpRequest.newBuilder(URI.create(audio.get("url").asText())).GET().build());
        assertThat(download.status()).isEqualTo(200);
        Path mp3 = Files.write(dir.resolve("downloaded.mp3"), download.body());
        String probed = run("ffprobe", "-v", "error", "-show_entries", "format=format_name,duration", "-of", "csv=p=0", mp3.toString());
        assertThat(probed).startsWith("mp3,");
        assertThat(Double.parseDouble(probed.split(",")[1].trim())).isBetween(59.5, 60.5);

        // the waveform, as the web app draws it: BBC audiowaveform JSON, version 2, 8 bits
        JsonNode peaksUrl = api.get(user, "/api/v1/records/" + recordId + "/audio?rendition=peaks").json();
        JsonNode peaks = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                api.send(HttpRequest.newBuilder(URI.create(peaksUrl.get("url").asText())).GET().build()).body());
        assertThat(peaks.get("version").asInt()).isEqualTo(2);
        assertThat(peaks.get("bits").asInt()).isEqualTo(8);
        assertThat(peaks.get("data").size()).isEqualTo(2 * peaks.get("length").asInt()).isPositive();
        assertThat(peaks.get("length").asLong() * peaks.get("samples_per_pixel").asLong() / (double) peaks.get("sample_rate").asLong())
                .as("seconds the peaks cover").isBetween(59.5, 60.5);
        assertThat(worker.isAlive()).isTrue();
    }

    @Test
    void seed_002_upload_is_processed_by_the_worker_process_too() throws Exception {
        String user = ApiHarness.newUser();
        byte[] mp3 = Files.readAllBytes(ffmpeg(dir.resolve("voice.mp3"), "-f", "lavfi", "-i", "sine=frequency=500:duration=3"));
        var queued = api.postMultipart(user, "/session/s-1/upload",
                new io.audiojobs.api.Multipart().file("audio", "voice.mp3", "audio/mpeg", mp3));
        assertThat(queued.status()).isEqualTo(202);
        JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(user, "/session/s-1/job-status").json(),
                        s -> s.get("status").asText().equals("COMPLETED") || s.get("status").asText().equals("FAILED"));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("progress").asInt()).isEqualTo(100);
        assertThat(done.get("attemptsMade").asInt()).isEqualTo(1);
    }

    /**
     * SPEC §7, issue 19 point 2: seed 004's presigned PUT carries no If-None-Match, so it can be replayed
     * after the record exists. Whatever it then stores, the record serves what it was made of: the
     * pipeline, a retranscription, the original-audio URL and seed 004's publicUrl.
     */
    @Test
    void seed_004_put_replayed_after_the_record_changes_nothing_the_record_serves() throws Exception {
        String user = ApiHarness.newUser();
        // the same length (the URL binds it), twice the duration: which one was read shows in every output
        byte[] first = Files.readAllBytes(ffmpeg(dir.resolve("first.wav"), "-f", "lavfi", "-i", "sine=frequency=440:duration=4",
                "-ar", "16000", "-ac", "1", "-bitexact"));
        byte[] other = Files.readAllBytes(ffmpeg(dir.resolve("other.wav"), "-f", "lavfi", "-i", "sine=frequency=880:duration=8",
                "-ar", "8000", "-ac", "1", "-bitexact"));
        assertThat(other).hasSameSizeAs(first);

        JsonNode presigned = api.postForm(user, "/records/async/presigned-url",
                "originalFilename=take.wav&fileSize=" + first.length + "&contentType=audio%2Fwav&durationSeconds=4").json();
        URI putUrl = URI.create(presigned.get("presignedUrl").asText());
        assertThat(put(putUrl, first)).isEqualTo(200);
        var created = api.postJson(user, "/records/async", Map.of("title", "take", "uploadId", presigned.get("uploadId").asLong()));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        long id = created.json().get("id").asLong();
        // the worker takes the record's copy as it starts converting; the replay comes after that
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(user, "/api/v1/records/" + id + "/audio?rendition=original").status() == 200);

        assertThat(put(putUrl, other)).as("S3 takes the replay: the URL has no precondition").isEqualTo(200);

        assertThat(api.awaitFinal(user, id, Duration.ofSeconds(90)).get("status").asText()).isEqualTo("COMPLETED");
        assertServesTheFirstUpload(user, id, first);

        assertThat(api.postJson(user, "/api/v1/records/" + id + "/retranscribe", Map.of()).status()).isEqualTo(202);
        assertThat(api.awaitFinal(user, id, Duration.ofSeconds(90)).get("status").asText()).isEqualTo("COMPLETED");
        int run = api.database().jdbi().withHandle(h -> h.createQuery("SELECT run FROM transcripts WHERE record_id = :id")
                .bind("id", id).mapTo(Integer.class).one());
        assertThat(run).isEqualTo(2);
        assertServesTheFirstUpload(user, id, first);
    }

    private void assertServesTheFirstUpload(String user, long id, byte[] first) throws Exception {
        String original = api.get(user, "/api/v1/records/" + id + "/audio?rendition=original").json().get("url").asText();
        assertThat(sha256(download(original))).as("original audio").isEqualTo(sha256(first));
        String publicUrl = api.get(user, "/records/async/" + id).json().get("publicUrl").asText();
        assertThat(sha256(download(publicUrl))).as("seed 004 publicUrl").isEqualTo(sha256(first));

        assertThat(api.get(user, "/api/v1/records/" + id).json().get("audioDurationMs").asLong()).isBetween(3_900L, 4_100L);
        assertThat(api.get(user, "/api/v1/records/" + id + "/analysis").json().at("/analysis/durationMs").asLong())
                .as("analysis of the normalized audio").isBetween(3_900L, 4_100L);
        String mp3Url = api.get(user, "/api/v1/records/" + id + "/audio?rendition=mp3").json().get("url").asText();
        Path mp3 = Files.write(dir.resolve("record-" + id + ".mp3"), download(mp3Url));
        String probed = run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", mp3.toString());
        assertThat(Double.parseDouble(probed)).as("MP3 duration").isBetween(3.9, 4.2);
    }

    private static int put(URI url, byte[] bytes) {
        return api.send(HttpRequest.newBuilder(url).header("Content-Type", "audio/wav")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build()).status();
    }

    private static byte[] download(String url) {
        var response = api.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
        assertThat(response.status()).as(url).isEqualTo(200);
        return response.body();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static Path ffmpeg(Path output, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        command.add(output.toString());
        run(command.toArray(String[]::new));
        return output;
    }

    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.trim();
    }
}
