package io.audiojobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.api.live.LiveClient;
import io.audiojobs.shared.live.LiveContainer;
import io.audiojobs.worker.live.LiveDecoders;
import io.audiojobs.worker.testing.LiveStreams;
import io.audiojobs.worker.testing.SpeechFixtures;
import io.audiojobs.worker.testing.WordErrorRate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
 * The worker decoding a live session is SIGKILLed while the user speaks: the API keeps taking and
 * acknowledging chunks, the other worker takes the session over when the lease runs out and decodes
 * it again from the first chunk, no piece is cut or transcribed twice, and the record completes.
 */
class LiveWorkerCrashTest {
    private static final String WEBM = "audio/webm;codecs=opus";
    private final ApiHarness api = ApiHarness.shared();
    @RegisterExtension
    final WorkerProcesses workers = WorkerProcesses.stoppedAfterEachTest();

    @TempDir
    Path dir;

    @Test
    void a_worker_killed_mid_session_loses_no_audio_and_the_other_worker_takes_the_session_over() throws Exception {
        for (int i = 0; i < 2; i++) {
            workers.add(WorkerProcess.onSharedInfrastructure(dir.resolve("work-" + i), Path.of("target", "live-crash-worker-" + i + ".log"),
                    Map.of("WORKER_THREADS", "2", "LIVE_GAP_GRACE", "2s")));
        }
        awaitDecoderListeners(2);
        String user = ApiHarness.newUser();
        var speech = SpeechFixtures.recording(dir.resolve("speech.wav"), SpeechFixtures.script(2, 8), Duration.ofMillis(900));
        List<byte[]> slices = LiveStreams.slices(LiveStreams.encode(speech.wav(), LiveContainer.WEBM), speech.durationMs(), 1000, 11);

        long recordId;
        UUID session;
        try (LiveClient client = LiveClient.connect(api.port(), ApiHarness.token(user))) {
            session = client.start(WEBM);
            int half = slices.size() / 2;
            for (int sequence = 0; sequence < slices.size(); sequence++) {
                if (sequence == half) {
                    UUID id = session;
                    await().atMost(Duration.ofSeconds(60)).until(() -> pieces(id) > 0);
                    WorkerProcess holder = holderOf(session);
                    holder.kill();
                    System.out.printf("live crash: SIGKILLed worker %d, which decoded the session, after chunk %d%n",
                            holder.pid(), sequence);
                }
                client.chunk(session, sequence, slices.get(sequence), WEBM);
                assertThat(client.next("chunk_ack").get("saved").asBoolean()).isTrue();
                Thread.sleep(500); // pacing the stream like a recorder, not waiting for a result
            }
            client.send(Map.of("type", "stop_session", "sessionId", session.toString()));
            JsonNode stopped = client.next("session_stopped", Duration.ofSeconds(90));
            recordId = stopped.get("recordId").asLong();
            int expected = speech.utterances().size();
            await().atMost(Duration.ofSeconds(120)).until(() -> client.received().stream()
                    .filter(m -> m.get("type").asText().equals("chunk_transcribed")).map(m -> m.at("/chunk/index").asInt())
                    .distinct().count() >= expected);
        }

        var row = api.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT decoder_attempts, decoder_done_at IS NOT NULL AS done FROM live_sessions WHERE id = :id")
                .bind("id", session).mapToMap().one());
        assertThat(((Number) row.get("decoder_attempts")).intValue()).as("decoded again by the other worker").isGreaterThanOrEqualTo(2);
        assertThat(row.get("done")).isEqualTo(true);
        JsonNode view = api.get(user, "/api/sessions/" + session).json();
        List<Integer> indexes = new ArrayList<>();
        view.get("chunks").forEach(c -> {
            indexes.add(c.get("index").asInt());
            assertThat(c.get("status").asText()).isEqualTo("completed");
        });
        assertThat(indexes).as("each piece once, in order").containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, speech.utterances().size()).boxed().toList());

        JsonNode status = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get(user, "/api/v1/records/" + recordId + "/job-status").json(),
                        s -> s.get("status").asText().matches("COMPLETED|FAILED"));
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("COMPLETED");
        String text = api.get(user, "/api/v1/records/" + recordId + "/transcript").json().get("text").asText();
        assertThat(WordErrorRate.of(speech.referenceText(), text)).as("no audio lost").isLessThan(0.25);
    }

    private void awaitDecoderListeners(int nodes) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> api.database().jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name")
                        .bind("name", "audiojobs-" + LiveDecoders.CHANNEL).mapTo(Integer.class).one()) >= nodes);
    }

    private int pieces(UUID session) {
        return api.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM live_pieces WHERE session_id = :s")
                .bind("s", session).mapTo(Integer.class).one());
    }

    /** The worker process whose node name ("pid@host/...") holds the session's decoder lease. */
    private WorkerProcess holderOf(UUID session) {
        String decoder = api.database().jdbi().withHandle(h -> h.createQuery("SELECT decoder FROM live_sessions WHERE id = :s")
                .bind("s", session).mapTo(String.class).one());
        long pid = Long.parseLong(decoder.substring(0, decoder.indexOf('@')));
        return workers.stream().filter(w -> w.pid() == pid).findFirst()
                .orElseThrow(() -> new AssertionError("decoder " + decoder + " is none of this test's workers"));
    }
}
