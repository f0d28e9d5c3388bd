package io.audiojobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.api.live.LiveClient;
import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.live.LiveContainer;
import io.audiojobs.worker.testing.LiveStreams;
import io.audiojobs.worker.testing.SpeechFixtures;
import io.audiojobs.worker.testing.WordErrorRate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live recording end to end: flite speech encoded as a browser's MediaRecorder would (WebM/Opus), cut
 * into 1 s timeslice chunks at arbitrary byte boundaries, streamed over the real WebSocket to the API
 * in this JVM, with a worker process doing the rest; stopping turns the session into a record that the
 * normal pipeline completes with the spoken words.
 */
class LiveRecordingTest {
    private static final String WEBM = "audio/webm;codecs=opus";
    private static ApiHarness api;
    private static WorkerProcess worker;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startWorker() throws Exception {
        api = ApiHarness.shared();
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("WORK_DIR", dir.resolve("work").toString());
        env.put("WORKER_THREADS", "2");
        env.put("LIVE_GAP_GRACE", "2s");
        worker = WorkerProcess.start(env, dir.resolve("worker.log"));
    }

    @AfterAll
    static void stopWorker() throws Exception {
        worker.close();
    }

    @Test
    void a_streamed_recording_stops_into_a_record_the_pipeline_completes_with_its_words() throws Exception {
        String user = ApiHarness.newUser();
        var speech = SpeechFixtures.recording(dir.resolve("speech.wav"), SpeechFixtures.script(0, 4), Duration.ofMillis(800));
        byte[] stream = LiveStreams.encode(speech.wav(), LiveContainer.WEBM);
        List<byte[]> slices = LiveStreams.slices(stream, speech.durationMs(), 1000, 7);

        long recordId;
        try (LiveClient client = LiveClient.connect(api.port(), ApiHarness.token(user))) {
            UUID session = client.start(WEBM);
            for (int sequence = 0; sequence < slices.size(); sequence++) {
                client.chunk(session, sequence, slices.get(sequence), WEBM);
                assertThat(client.next("chunk_ack").get("saved").asBoolean()).isTrue();
            }
            client.send(Map.of("type", "stop_session", "sessionId", session.toString()));
            JsonNode stopped = client.next("session_stopped", Duration.ofSeconds(60));
            assertThat(stopped.get("sessionId").asText()).isEqualTo(session.toString());
            assertThat(stopped.at("/session/status").asText()).isEqualTo("completed");
            recordId = stopped.get("recordId").asLong();
            assertThat(recordId).isPositive();
        }

        JsonNode status = awaitFinal(user, recordId, Duration.ofSeconds(120));
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("COMPLETED");
        JsonNode transcript = api.get(user, "/api/v1/records/" + recordId + "/transcript").json();
        double wer = WordErrorRate.of(speech.referenceText(), transcript.get("text").asText());
        System.out.printf("live recording: record WER %.3f on %d s of WebM/Opus streamed in %d chunks%n", wer,
                speech.durationMs() / 1000, slices.size());
        assertThat(wer).isLessThan(0.25);
        long lastWordEnd = transcript.get("words").get(transcript.get("words").size() - 1).get("endMs").asLong();
        assertThat(lastWordEnd).as("timestamps within the recording").isLessThanOrEqualTo(speech.durationMs() + 200);
    }

    private JsonNode awaitFinal(String user, long id, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get(user, "/api/v1/records/" + id + "/job-status").json(),
                        s -> s.get("status").asText().equals("COMPLETED") || s.get("status").asText().equals("FAILED"));
    }
}
