package io.audiojobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.api.TestAudio;
import io.audiojobs.worker.testing.openai.FakeOpenAiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * STT_ENGINE=openai with an LLM summary, against a real local HTTP server speaking the OpenAI
 * protocol: the worker process uses the real openai-java client, multipart upload and retries.
 */
class OpenAiPipelineTest {
    private static ApiHarness api;
    private static FakeOpenAiServer openai;
    private static WorkerProcess worker;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startWorker() throws Exception {
        api = ApiHarness.shared();
        openai = FakeOpenAiServer.start();
        worker = WorkerProcess.onSharedInfrastructure(dir.resolve("work"), dir.resolve("worker.log"), Map.of(
                "STT_ENGINE", "openai", "OPENAI_BASE_URL", openai.baseUrl().toString(), "OPENAI_API_KEY", "sk-test",
                "STT_MODEL", "whisper-1", "LLM_MODEL", "gpt-test", "RETRY_BASE_SECONDS", "1"));
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        openai.close();
    }

    @BeforeEach
    void resetServer() {
        openai.reset();
    }

    @Test
    void the_openai_engine_transcribes_and_the_llm_summarizes() {
        String user = ApiHarness.newUser();
        long id = api.recordOfWav(user, TestAudio.wav(2.5), Map.of("title", "talk"));
        JsonNode status = api.awaitFinal(user, id, Duration.ofSeconds(90));
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("COMPLETED");

        JsonNode transcript = api.get(user, "/api/v1/records/" + id + "/transcript").json();
        assertThat(transcript.get("text").asText()).isEqualTo("Hello world. Second part.");
        assertThat(transcript.get("engine").asText()).isEqualTo("openai");
        assertThat(transcript.get("language").asText()).isEqualTo("en");
        assertThat(transcript.at("/words/1/startMs").asLong()).isEqualTo(500);
        var upload = openai.transcriptionRequests().getFirst();
        assertThat(upload.field("model")).isEqualTo("whisper-1");
        assertThat(upload.field("response_format")).isEqualTo("verbose_json");
        assertThat(upload.file("file")).hasValueSatisfying(f -> assertThat(f.filename()).endsWith(".wav"));

        JsonNode summary = api.get(user, "/api/v1/records/" + id + "/analysis").json().at("/analysis/summary");
        assertThat(summary.get("status").asText()).isEqualTo("OK");
        assertThat(summary.get("text").asText()).isEqualTo("A short talk that greets the world.");
        assertThat(summary.get("topics")).extracting(JsonNode::asText).containsExactly("greetings", "testing");
    }

    @Test
    void a_broken_llm_reply_leaves_the_summary_missing_with_the_reason_and_the_record_completed() {
        openai.chatContent("this is not json");
        String user = ApiHarness.newUser();
        long id = api.recordOfWav(user, TestAudio.wav(2.5), Map.of("title", "talk"));
        assertThat(api.awaitFinal(user, id, Duration.ofSeconds(90)).get("status").asText()).isEqualTo("COMPLETED");
        JsonNode analysis = api.get(user, "/api/v1/records/" + id + "/analysis").json().get("analysis");
        assertThat(analysis.at("/summary/status").asText()).isEqualTo("MISSING");
        assertThat(analysis.at("/summary/missingReason").asText()).isNotBlank();
        assertThat(analysis.get("wordCount").asInt()).isEqualTo(4);
    }

    @Test
    void a_provider_400_fails_the_record_at_once_with_the_providers_message() {
        openai.respondWithError(400, "Invalid file format.");
        String user = ApiHarness.newUser();
        long id = api.recordOfWav(user, TestAudio.wav(2.5), Map.of("title", "talk"));
        JsonNode status = api.awaitFinal(user, id, Duration.ofSeconds(90));
        assertThat(status.get("status").asText()).isEqualTo("FAILED");
        assertThat(status.get("failedReason").asText()).contains("(400)").contains("Invalid file format.");
        assertThat(status.get("attemptsMade").asInt()).isEqualTo(1);
        assertThat(openai.transcriptionRequests()).hasSize(1);
    }

    @Test
    void a_provider_outage_is_retried_by_the_job_and_then_succeeds() {
        // three 503s use up the first attempt's client retries; the job's retry then gets through
        openai.respondWithErrorTimes(3, 503, "overloaded", Map.of("Retry-After-Ms", "0"));
        String user = ApiHarness.newUser();
        long id = api.recordOfWav(user, TestAudio.wav(2.5), Map.of("title", "talk"));
        JsonNode status = api.awaitFinal(user, id, Duration.ofSeconds(90));
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("COMPLETED");
        assertThat(status.at("/steps/1/attempts").asInt()).isEqualTo(2);
        assertThat(openai.transcriptionRequests()).hasSize(4);
    }
}
