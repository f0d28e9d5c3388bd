package io.audiojobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.worker.testing.SpeechFixtures;
import io.audiojobs.worker.testing.WordErrorRate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Speech in, transcript and analysis out: real flite speech, real Vosk in two worker processes,
 * the API in this JVM. Long recordings are cut at pauses and their chunks shared by both workers.
 */
class SpeechPipelineTest {
    private static ApiHarness api;
    @RegisterExtension
    static final WorkerProcesses workers = WorkerProcesses.stoppedAfterAllTests();

    @TempDir
    static Path dir;

    @BeforeAll
    static void startWorkers() throws Exception {
        api = ApiHarness.shared();
        for (int i = 0; i < 2; i++) {
            workers.add(WorkerProcess.onSharedInfrastructure(dir.resolve("work-" + i), dir.resolve("worker-" + i + ".log"),
                    Map.of("WORKER_THREADS", "2", "STT_CHUNK_VOSK", "30s")));
        }
    }

    @Test
    void a_spoken_recording_is_transcribed_analyzed_and_exported_as_srt_and_vtt() throws Exception {
        String user = ApiHarness.newUser();
        var speech = SpeechFixtures.recording(dir.resolve("speech.wav"), SpeechFixtures.script(0, 4), Duration.ofMillis(800));
        long id = createRecord(user, speech.wav(), "en");
        JsonNode status = awaitFinal(user, id, Duration.ofSeconds(120));
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("COMPLETED");
        assertThat(status.get("steps")).extracting(s -> s.get("name").asText() + ":" + s.get("status").asText())
                .containsExactly("convert:COMPLETED", "transcribe:COMPLETED", "analyze:COMPLETED");

        JsonNode transcript = api.get(user, "/api/v1/records/" + id + "/transcript").json();
        double wer = WordErrorRate.of(speech.referenceText(), transcript.get("text").asText());
        System.out.printf("speech pipeline: WER %.3f on %d s of flite speech%n", wer, speech.durationMs() / 1000);
        assertThat(wer).isLessThan(0.25);
        assertThat(transcript.get("engine").asText()).isEqualTo("vosk");
        assertThat(transcript.get("words")).isNotEmpty();
        assertThat(transcript.at("/words/0/startMs").asLong()).isLessThan(transcript.at("/words/1/startMs").asLong());

        var srt = api.get(user, "/api/v1/records/" + id + "/transcript?format=srt");
        assertThat(srt.header("Content-Type")).startsWith("application/x-subrip");
        assertThat(srt.text()).startsWith("1\n").containsPattern("\\d\\d:\\d\\d:\\d\\d,\\d{3} --> \\d\\d:\\d\\d:\\d\\d,\\d{3}");
        var vtt = api.get(user, "/api/v1/records/" + id + "/transcript?format=vtt");
        assertThat(vtt.header("Content-Type")).startsWith("text/vtt");
        assertThat(vtt.text()).startsWith("WEBVTT\n\n").containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} --> ");
        assertThat(api.get(user, "/api/v1/records/" + id + "/transcript?format=txt").text()).isNotBlank();
        assertThat(api.get(user, "/api/v1/records/" + id + "/transcript?format=doc").status()).isEqualTo(400);

        JsonNode analysis = api.get(user, "/api/v1/records/" + id + "/analysis").json().get("analysis");
        assertThat(analysis.get("wordCount").asInt()).isGreaterThan(10);
        assertThat(analysis.get("wordsPerMinute").asDouble()).isBetween(60.0, 400.0);
        assertThat(analysis.get("integratedLufs").isNumber()).isTrue();
        assertThat(analysis.get("pauseCount").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(analysis.get("silenceRatio").asDouble()).isBetween(0.05, 0.8);
        assertThat(analysis.get("keywords")).isNotEmpty();
        assertThat(analysis.at("/summary/status").asText()).isEqualTo("OFF");
        assertThat(api.get(ApiHarness.newUser(), "/api/v1/records/" + id + "/analysis").status()).isEqualTo(404);
    }

    @Test
    void a_long_recording_is_cut_at_pauses_shared_by_both_workers_and_merged_in_order() throws Exception {
        String user = ApiHarness.newUser();
        var speech = SpeechFixtures.longRecording(dir.resolve("long.wav"), Duration.ofMinutes(3), Duration.ofSeconds(1));
        long id = createRecord(user, speech.wav(), null);
        long started = System.nanoTime();
        JsonNode status = awaitFinal(user, id, Duration.ofSeconds(300));
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("COMPLETED");
        System.out.printf("chunked transcription: %d s of speech, 2 worker processes: %d ms from 202 to COMPLETED%n",
                speech.durationMs() / 1000, (System.nanoTime() - started) / 1_000_000);

        var chunks = api.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) AS chunks, count(DISTINCT worker) AS workers FROM transcript_chunks WHERE record_id = :id")
                .bind("id", id).mapToMap().one());
        assertThat(((Number) chunks.get("chunks")).intValue()).isGreaterThanOrEqualTo(6);
        assertThat(((Number) chunks.get("workers")).intValue()).as("both worker processes transcribed chunks").isEqualTo(2);

        JsonNode transcript = api.get(user, "/api/v1/records/" + id + "/transcript").json();
        assertThat(WordErrorRate.of(speech.referenceText(), transcript.get("text").asText())).isLessThan(0.3);
        long previous = -1;
        for (JsonNode word : transcript.get("words")) {
            assertThat(word.get("startMs").asLong()).as("words in time order across chunks").isGreaterThanOrEqualTo(previous);
            previous = word.get("startMs").asLong();
        }
        assertThat(previous).isLessThanOrEqualTo(speech.durationMs());
        for (var utterance : speech.utterances()) {
            long inside = 0;
            for (JsonNode word : transcript.get("words")) {
                long middle = (word.get("startMs").asLong() + word.get("endMs").asLong()) / 2;
                if (middle >= utterance.startMs() - 300 && middle <= utterance.endMs() + 300) {
                    inside++;
                }
            }
            assertThat(inside).as("words placed inside the utterance '%s' at %d-%d ms", utterance.text(),
                    utterance.startMs(), utterance.endMs()).isGreaterThanOrEqualTo(utterance.text().split(" ").length / 2);
        }
    }

    @Test
    void retranscribe_replaces_the_transcript_and_an_unavailable_engine_is_refused_at_once() throws Exception {
        String user = ApiHarness.newUser();
        var speech = SpeechFixtures.recording(dir.resolve("again.wav"), SpeechFixtures.script(4, 6), Duration.ofMillis(600));
        long id = createRecord(user, speech.wav(), null);
        assertThat(awaitFinal(user, id, Duration.ofSeconds(120)).get("status").asText()).isEqualTo("COMPLETED");
        String firstText = api.get(user, "/api/v1/records/" + id + "/transcript").json().get("text").asText();

        var accepted = api.postJson(user, "/api/v1/records/" + id + "/retranscribe", Map.of("language", "en"));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        var busy = api.postJson(user, "/api/v1/records/" + id + "/retranscribe", Map.of());
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.json().at("/error/code").asText()).isEqualTo("RECORD_BUSY");
        assertThat(awaitFinal(user, id, Duration.ofSeconds(120)).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(api.get(user, "/api/v1/records/" + id + "/transcript").json().get("text").asText()).isEqualTo(firstText);
        int run = api.database().jdbi().withHandle(h -> h.createQuery("SELECT run FROM transcripts WHERE record_id = :id")
                .bind("id", id).mapTo(Integer.class).one());
        assertThat(run).isEqualTo(2);

        // an engine this deployment has not configured is refused at the edge, the record untouched
        var unavailable = api.postJson(user, "/api/v1/records/" + id + "/retranscribe", Map.of("engine", "openai"));
        assertThat(unavailable.status()).as(unavailable.text()).isEqualTo(400);
        assertThat(api.get(user, "/api/v1/records/" + id + "/job-status").json().get("status").asText()).isEqualTo("COMPLETED");
        assertThat(api.get(user, "/api/v1/records/" + id + "/transcript").json().get("text").asText())
                .as("the previous transcript stays").isEqualTo(firstText);
        assertThat(api.postJson(user, "/api/v1/records/" + id + "/retranscribe", Map.of("engine", "whisper.cpp")).status()).isEqualTo(400);
    }

    private long createRecord(String user, Path wav, String language) throws Exception {
        byte[] bytes = Files.readAllBytes(wav);
        JsonNode plan = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "speech.wav", "contentType", "audio/wav", "sizeBytes", bytes.length)).json();
        assertThat(api.putTo(plan, bytes)).isEqualTo(200);
        Map<String, Object> body = new HashMap<>(Map.of("title", "speech", "uploadId", plan.get("uploadId").asLong()));
        if (language != null) {
            body.put("language", language);
        }
        var accepted = api.postJson(user, "/api/v1/records", body);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        return accepted.json().at("/record/id").asLong();
    }

    private JsonNode awaitFinal(String user, long id, Duration timeout) {
        int[] progress = {0};
        return await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode status = api.get(user, "/api/v1/records/" + id + "/job-status").json();
            assertThat(status.get("progress").asInt()).as("progress never goes back").isGreaterThanOrEqualTo(progress[0]);
            progress[0] = status.get("progress").asInt();
            return status;
        }, s -> s.get("status").asText().equals("COMPLETED") || s.get("status").asText().equals("FAILED"));
    }
}
