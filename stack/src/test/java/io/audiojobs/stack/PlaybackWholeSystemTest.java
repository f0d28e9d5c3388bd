package io.audiojobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.shared.playback.HlsLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.audiojobs.stack.WholeSystemTest.ffmpeg;
import static io.audiojobs.stack.WholeSystemTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Seed 001 end to end: a recording uploaded as a user does, converted by a worker process, then
 * played from its HLS link by ffmpeg with no credentials, as hls.js or Safari would fetch it.
 */
class PlaybackWholeSystemTest {
    private static final Pattern BANDWIDTH = Pattern.compile("BANDWIDTH=(\\d+)");
    private static final Pattern SEGMENT = Pattern.compile("#EXTINF:([0-9.]+),\\s*\\n(\\S+)");

    private static ApiHarness api;
    private static WorkerProcess worker;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startApiAndWorker() throws Exception {
        api = ApiHarness.shared();
        worker = WorkerProcess.onSharedInfrastructure(dir.resolve("work"), dir.resolve("worker.log"), Map.of("WORKER_THREADS", "2"));
    }

    @AfterAll
    static void stopWorker() throws Exception {
        worker.close();
    }

    @Test
    void a_converted_recording_plays_to_the_end_from_its_hls_link_and_goes_with_the_record() throws Exception {
        String user = ApiHarness.newUser();
        byte[] wav = Files.readAllBytes(ffmpeg(dir.resolve("talk.wav"), "-f", "lavfi", "-i", "sine=frequency=300:duration=20",
                "-ac", "2", "-ar", "44100"));
        JsonNode plan = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "talk.wav", "contentType", "audio/wav", "sizeBytes", wav.length)).json();
        assertThat(api.putTo(plan, wav)).isEqualTo(200);
        long id = api.postJson(user, "/api/v1/records", Map.of("title", "Radio", "uploadId", plan.get("uploadId").asLong()))
                .json().at("/record/id").asLong();

        JsonNode done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(user, "/api/v1/records/" + id + "/job-status").json(),
                        s -> List.of("COMPLETED", "FAILED").contains(s.get("status").asText()));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        JsonNode link = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(user, "/api/v1/records/" + id + "/audio?rendition=hls").json(),
                        l -> l.get("rendition").asText().equals("hls"));
        String master = link.get("url").asText();

        String playlist = api.send(HttpRequest.newBuilder(URI.create(master)).GET().build()).text();
        List<Long> bandwidths = BANDWIDTH.matcher(playlist).results().map(m -> Long.parseLong(m.group(1))).toList();
        assertThat(bandwidths).as(playlist).hasSize(2);
        assertThat(bandwidths.get(0)).isBetween(64_000L, 84_000L);
        assertThat(bandwidths.get(1)).isBetween(128_000L, 166_000L);

        for (String quality : new String[] {"low", "high"}) {
            String url = api.get(user, "/audio/stream/" + id + "?quality=" + quality).json().get("url").asText();
            Path decoded = dir.resolve(quality + ".wav");
            String printed = run("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", url, "-ac", "1", "-ar", "16000",
                    "-c:a", "pcm_s16le", decoded.toString());
            assertThat(printed).as("ffmpeg said nothing wrong").isEmpty();
            assertThat((Files.size(decoded) - 44) / 2.0 / 16_000).as(quality + " decoded seconds").isCloseTo(20.0, within(0.2));
            // what the segments weigh against their length: the variant's bit rate plus MPEG-TS packets
            double kbits = measuredKbits(url);
            assertThat(kbits).as(quality + " kbit/s").isCloseTo(quality.equals("low") ? 64 : 128,
                    within(quality.equals("low") ? 12.0 : 24.0));
        }
        String wholeMaster = run("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", master, "-map", "0:a:0", "-f", "null", "-");
        assertThat(wholeMaster).isEmpty();

        assertThat(api.delete(user, "/api/v1/records/" + id).status()).isEqualTo(204);
        assertThat(api.store().list(HlsLayout.prefix(id))).isEmpty();
        assertThat(api.send(HttpRequest.newBuilder(URI.create(master)).GET().build()).status())
                .as("a deleted record's link answers as a forged one").isEqualTo(403);
    }

    /** Fetches every segment a variant playlist names, as a player does, and divides their bits by their seconds. */
    private static double measuredKbits(String variantUrl) {
        String playlist = api.send(HttpRequest.newBuilder(URI.create(variantUrl)).GET().build()).text();
        String base = variantUrl.substring(0, variantUrl.lastIndexOf('/') + 1);
        double seconds = 0;
        long bytes = 0;
        for (var segment : SEGMENT.matcher(playlist).results().toList()) {
            seconds += Double.parseDouble(segment.group(1));
            var response = api.send(HttpRequest.newBuilder(URI.create(base + segment.group(2))).GET().build());
            assertThat(response.status()).isEqualTo(200);
            bytes += response.body().length;
        }
        assertThat(seconds).isCloseTo(20.0, within(0.2));
        return bytes * 8 / seconds / 1000;
    }
}
