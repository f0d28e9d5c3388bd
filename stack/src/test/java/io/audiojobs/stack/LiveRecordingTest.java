package io.audiojobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.api.live.LiveClient;
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
import java.util.ArrayList;
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
        worker = WorkerProcess.onSharedInfrastructure(dir.resolve("work"), Path.of("target", "live-recording-worker.log"), // kept for a failure
                Map.of("WORKER_THREADS", "2", "LIVE_GAP_GRACE", "2s"));
        awaitLiveDecoders(1);
    }

    /** Until that many worker nodes listen for live sessions to decode (a JVM starting on a busy machine takes a while). */
    static void awaitLiveDecoders(int nodes) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> api.database().jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name")
                        .bind("name", "audiojobs-" + io.audiojobs.worker.live.LiveDecoders.CHANNEL)
                        .mapTo(Integer.class).one()) >= nodes);
    }

    @AfterAll
    static void stopWorker() throws Exception {
        worker.close();
    }

    @Test
    void the_transcript_grows_while_the_user_speaks_and_stopping_gives_a_completed_record() throws Exception {
        String user = ApiHarness.newUser();
        var speech = SpeechFixtures.recording(dir.resolve("speech.wav"), SpeechFixtures.script(0, 6), Duration.ofMillis(900));
        byte[] stream = LiveStreams.encode(speech.wav(), LiveContainer.WEBM);
        List<byte[]> slices = LiveStreams.slices(stream, speech.durationMs(), 1000, 7);

        long recordId;
        UUID session;
        List<JsonNode> beforeStop = new ArrayList<>();
        try (LiveClient client = LiveClient.connect(api.port(), ApiHarness.token(user))) {
            session = client.start(WEBM);
            long sliceEvery = 1000; // real time: each slice holds about 1 s of audio
            long next = System.nanoTime();
            for (int sequence = 0; sequence < slices.size(); sequence++) {
                client.chunk(session, sequence, slices.get(sequence), WEBM);
                assertThat(client.next("chunk_ack").get("saved").asBoolean()).isTrue();
                next += sliceEvery * 1_000_000;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000); // pacing the stream like a recorder, not waiting for a result
                }
            }
            beforeStop.addAll(transcribed(client));
            client.send(Map.of("type", "stop_session", "sessionId", session.toString()));
            JsonNode stopped = client.next("session_stopped", Duration.ofSeconds(120)); // the finish job may queue behind transcriptions
            assertThat(stopped.get("sessionId").asText()).isEqualTo(session.toString());
            assertThat(stopped.at("/session/status").asText()).isEqualTo("completed");
            recordId = stopped.get("recordId").asLong();
            assertThat(recordId).isPositive();

            assertThat(beforeStop).as("chunk_transcribed while streaming, before stop_session").isNotEmpty();
            assertThat(beforeStop.getFirst().at("/chunk/transcription").asText()).as("words from the script")
                    .containsAnyOf("weather", "cold", "windy", "station", "window", "birds", "garden");
            // the rest of the pieces are transcribed after the stop, on the same socket
            int pieces = speech.utterances().size();
            await().atMost(Duration.ofSeconds(60)).until(() -> transcribed(client).size() >= pieces);

            // seed 003's retranscription, over REST and over the socket: the result comes as chunk_transcribed
            JsonNode first = transcribed(client).getFirst().get("chunk");
            var accepted = api.postJson(user, "/api/sessions/" + session + "/chunks/" + first.get("id").asText() + "/retranscribe",
                    Map.of("language", "en"));
            assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
            assertThat(accepted.json().at("/chunk/status").asText()).isEqualTo("pending");
            await().atMost(Duration.ofSeconds(60)).until(() -> transcribed(client).size() >= pieces + 1);
            JsonNode again = transcribed(client).get(pieces).get("chunk");
            assertThat(again.get("id").asText()).isEqualTo(first.get("id").asText());
            assertThat(again.get("transcription").asText()).isEqualTo(first.get("transcription").asText());
            client.send(Map.of("type", "retranscribe_chunk", "sessionId", session.toString(),
                    "chunkId", first.get("id").asText()));
            assertThat(client.next("retranscribe_accepted").get("chunkId").asText()).isEqualTo(first.get("id").asText());
            await().atMost(Duration.ofSeconds(60)).until(() -> transcribed(client).size() >= pieces + 2);
            assertThat(api.postJson(ApiHarness.newUser(), "/api/sessions/" + session + "/chunks/" + first.get("id").asText()
                    + "/retranscribe", Map.of()).status()).isEqualTo(404);
        }

        JsonNode view = api.get(user, "/api/sessions/" + session).json();
        assertThat(view.get("chunks")).hasSize(speech.utterances().size());
        StringBuilder live = new StringBuilder();
        long previousEnd = -1;
        for (JsonNode chunk : view.get("chunks")) {
            assertThat(chunk.get("status").asText()).isEqualTo("completed");
            assertThat(chunk.get("startMs").asLong()).isGreaterThanOrEqualTo(previousEnd);
            assertThat(chunk.get("duration").asLong()).isBetween(1000L, 15_000L);
            assertThat(chunk.get("source").asText()).isEqualTo("mic");
            previousEnd = chunk.get("endMs").asLong();
            live.append(chunk.get("transcription").asText()).append(' ');
        }
        double liveWer = WordErrorRate.of(speech.referenceText(), live.toString());
        assertThat(view.get("totalDuration").asLong()).isCloseTo(speech.durationMs(), org.assertj.core.data.Offset.offset(300L));
        var piece = api.get(user, "/api/sessions/" + session + "/chunks/0.wav");
        assertThat(piece.status()).isEqualTo(200);
        assertThat(piece.header("Content-Type")).startsWith("audio/wav");
        assertThat(new String(piece.body(), 0, 4)).isEqualTo("RIFF");

        JsonNode status = api.awaitFinal(user, recordId, Duration.ofSeconds(120));
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("COMPLETED");
        JsonNode transcript = api.get(user, "/api/v1/records/" + recordId + "/transcript").json();
        double wer = WordErrorRate.of(speech.referenceText(), transcript.get("text").asText());
        // the same speech uploaded as a file: streaming it live must not cost accuracy
        long uploaded = api.recordOfWav(user, java.nio.file.Files.readAllBytes(speech.wav()), Map.of("title", "the same, as a file"));
        assertThat(api.awaitFinal(user, uploaded, Duration.ofSeconds(120)).get("status").asText()).isEqualTo("COMPLETED");
        double fileWer = WordErrorRate.of(speech.referenceText(),
                api.get(user, "/api/v1/records/" + uploaded + "/transcript").json().get("text").asText());
        System.out.printf("live recording: %d s of WebM/Opus in %d chunks; live transcript WER %.3f (%d pieces, %d before stop), "
                + "record WER %.3f; the same WAV uploaded as a file: WER %.3f%n", speech.durationMs() / 1000, slices.size(), liveWer,
                view.get("chunks").size(), beforeStop.size(), wer, fileWer);
        assertThat(liveWer).isLessThan(0.25);
        assertThat(wer).isLessThan(0.25);
        assertThat(wer).as("the live record's WER beside the uploaded file's").isLessThanOrEqualTo(fileWer + 0.03);
        long lastWordEnd = transcript.get("words").get(transcript.get("words").size() - 1).get("endMs").asLong();
        assertThat(lastWordEnd).as("timestamps within the recording").isLessThanOrEqualTo(speech.durationMs() + 200);
        var full = api.get(user, "/api/sessions/" + session + "/full.wav");
        assertThat(full.status()).isEqualTo(200);
        assertThat(full.body().length - 44L).as("16 kHz mono PCM16 of the whole session")
                .isCloseTo(speech.durationMs() * 32, org.assertj.core.data.Offset.offset(32_000L));
    }

    private static List<JsonNode> transcribed(LiveClient client) {
        return client.received().stream().filter(m -> m.get("type").asText().equals("chunk_transcribed")).toList();
    }
}
