package io.audiojobs.worker.analyze.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.worker.openai.OpenAiConnection;
import io.audiojobs.worker.testing.openai.FakeOpenAiServer;
import io.audiojobs.worker.testing.openai.FakeOpenAiServer.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlmSummarizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRANSCRIPT = "Hello world. Today we talk about testing and about greetings.";

    private FakeOpenAiServer server;
    private LlmSummarizer summarizer;

    @BeforeEach
    void setUp() {
        server = FakeOpenAiServer.start();
        summarizer = summarizer(Duration.ofSeconds(5), 1);
    }

    @AfterEach
    void tearDown() {
        summarizer.close();
        server.close();
    }

    private LlmSummarizer summarizer(Duration timeout, int retries) {
        return new LlmSummarizer(new OpenAiConnection(server.baseUrl(), "test-key", timeout, retries), "gpt-4o-mini");
    }

    @Test
    void aValidStructuredReplyBecomesASummary() throws Exception {
        server.respondWithChatContent("""
                {"summary": " A talk about testing. ", "topics": ["testing", " greetings ", "Testing"]}""");

        Summary summary = summarizer.summarize(TRANSCRIPT, "en");

        assertThat(summary.summary()).isEqualTo("A talk about testing.");
        assertThat(summary.topics()).containsExactly("testing", "greetings");
        assertThat(server.chatRequests()).hasSize(1);
    }

    @Test
    void theRequestAsksForTheJsonSchemaResponseFormat() throws Exception {
        summarizer.summarize(TRANSCRIPT, "en");

        RecordedRequest request = server.chatRequests().getFirst();
        assertThat(request.header("Authorization")).isEqualTo("Bearer test-key");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");

        JsonNode format = body.path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        JsonNode jsonSchema = format.path("json_schema");
        assertThat(jsonSchema.path("name").asText()).isEqualTo("transcript_summary");
        assertThat(jsonSchema.path("strict").asBoolean()).isTrue();
        JsonNode schema = jsonSchema.path("schema");
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.path("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("summary", "topics");
        assertThat(schema.path("properties").path("summary").path("type").asText()).isEqualTo("string");
        JsonNode topics = schema.path("properties").path("topics");
        assertThat(topics.path("type").asText()).isEqualTo("array");
        assertThat(topics.path("items").path("type").asText()).isEqualTo("string");
        assertThat(topics.path("minItems").asInt()).isEqualTo(1);
        assertThat(topics.path("maxItems").asInt()).isEqualTo(8);

        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).path("content").asText()).contains(TRANSCRIPT).contains("language: en");
    }

    @Test
    void invalidJsonIsUnavailable() {
        server.respondWithChatContent("Sure! Here is your summary: it is about testing.");
        assertThatThrownBy(() -> summarizer.summarize(TRANSCRIPT, "en"))
                .isInstanceOf(SummaryUnavailableException.class)
                .hasMessageStartingWith("the LLM reply is not valid JSON: Sure! Here is");
    }

    @Test
    void aMissingSummaryIsUnavailable() {
        server.respondWithChatContent("{\"topics\": [\"testing\"]}");
        assertThatThrownBy(() -> summarizer.summarize(TRANSCRIPT, "en"))
                .isInstanceOf(SummaryUnavailableException.class)
                .hasMessage("the LLM reply has no summary")
                .satisfies(e -> assertThat(((SummaryUnavailableException) e).reason()).isEqualTo("the LLM reply has no summary"));
    }

    @Test
    void blankSummaryOrBadTopicsAreUnavailable() {
        server.respondWithChatContent("{\"summary\": \"  \", \"topics\": [\"a\"]}");
        server.respondWithChatContent("{\"summary\": \"ok\", \"topics\": []}");
        server.respondWithChatContent("{\"summary\": \"ok\", \"topics\": [\"a\", 3]}");
        server.respondWithChatContent("{\"summary\": \"ok\"}");
        server.respondWithChatContent("[\"ok\"]");

        assertThatThrownBy(() -> summarizer.summarize(TRANSCRIPT, null)).hasMessage("the LLM reply's summary is blank or not a string");
        assertThatThrownBy(() -> summarizer.summarize(TRANSCRIPT, null)).hasMessage("the LLM reply has no topics");
        assertThatThrownBy(() -> summarizer.summarize(TRANSCRIPT, null)).hasMessage("the LLM reply's topic 2 is blank or not a string");
        assertThatThrownBy(() -> summarizer.summarize(TRANSCRIPT, null)).hasMessage("the LLM reply has no topics");
        assertThatThrownBy(() -> summarizer.summarize(TRANSCRIPT, null)).hasMessageStartingWith("the LLM reply is not a JSON object");
    }

    @Test
    void moreThanEightTopicsAreCutToEight() throws Exception {
        server.respondWithChatContent("{\"summary\": \"ok\", \"topics\": [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]}");
        assertThat(summarizer.summarize(TRANSCRIPT, null).topics()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
    }

    @Test
    void aRefusalIsUnavailable() {
        server.respondWith(200, """
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"finish_reason":"stop","logprobs":null,
                   "message":{"role":"assistant","content":null,"refusal":"I can't help with that."}}]}""");
        assertThatThrownBy(() -> summarizer.summarize(TRANSCRIPT, "en"))
                .isInstanceOf(SummaryUnavailableException.class)
                .hasMessage("the model refused: I can't help with that.");
    }

    @Test
    void aReplyCutOffByTheTokenLimitSaysSo() {
        server.respondWith(200, """
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"finish_reason":"length","logprobs":null,
                   "message":{"role":"assistant","content":"{\\"summary\\": \\"A talk ab","refusal":null}}]}""");
        assertThatThrownBy(() -> summarizer.summarize(TRANSCRIPT, "en"))
                .isInstanceOf(SummaryUnavailableException.class)
                .hasMessageStartingWith("the LLM reply is not valid JSON (the reply was cut off: finish_reason length)");
    }

    @Test
    void aReplyThatIsNotAChatCompletionIsUnavailable() {
        server.respondWith(200, "{\"unexpected\": true}");
        assertThatThrownBy(() -> summarizer.summarize(TRANSCRIPT, "en"))
                .isInstanceOf(SummaryUnavailableException.class)
                .hasMessageStartingWith("the LLM reply");
    }

    @Test
    void providerErrorsAreUnavailableWithTheProvidersMessage() {
        server.respondWithError(400, "Invalid schema for response_format 'transcript_summary'");
        assertThatThrownBy(() -> summarizer.summarize(TRANSCRIPT, "en"))
                .isInstanceOf(SummaryUnavailableException.class)
                .hasMessage("the LLM provider refused the request (400): Invalid schema for response_format 'transcript_summary'");
        assertThat(server.requestCount()).isEqualTo(1);

        server.reset();
        // Retry-After-Ms, not Retry-After: 0: OkHttp itself re-sends a 503 carrying "Retry-After: 0" (see OpenAiJavaBehaviourTest)
        server.respondWithErrorTimes(2, 503, "Service Unavailable", Map.of("Retry-After-Ms", "0"));
        assertThatThrownBy(() -> summarizer.summarize(TRANSCRIPT, "en"))
                .isInstanceOf(SummaryUnavailableException.class)
                .hasMessage("the LLM provider was unavailable (503): Service Unavailable");
        assertThat(server.requestCount()).isEqualTo(2); // clientRetries = 1
    }

    @Test
    void aTimeoutIsUnavailable() {
        server.delayNext(Duration.ofSeconds(3));
        try (LlmSummarizer impatient = summarizer(Duration.ofMillis(300), 0)) {
            assertThatThrownBy(() -> impatient.summarize(TRANSCRIPT, "en"))
                    .isInstanceOf(SummaryUnavailableException.class)
                    .hasMessage("the LLM provider did not answer within 300 ms");
        }
    }

    @Test
    void anEmptyTranscriptIsUnavailableWithoutACall() {
        assertThatThrownBy(() -> summarizer.summarize("  ", "en")).hasMessage("the transcript is empty");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void longTranscriptsAreTruncatedAtAWordBoundary() throws Exception {
        String word = "lorem ";
        String transcript = word.repeat(LlmSummarizer.MAX_TRANSCRIPT_CHARS / word.length() + 1000);
        summarizer.summarize(transcript, "en");

        String sent = JSON.readTree(server.chatRequests().getFirst().body()).path("messages").get(1).path("content").asText();
        assertThat(sent.length()).isLessThan(LlmSummarizer.MAX_TRANSCRIPT_CHARS + 500);
        assertThat(sent).contains("cut to its first").contains("of " + transcript.strip().length() + " characters");
        assertThat(sent).contains("lorem\n</transcript>");
    }

    @Test
    void truncateKeepsShortTextAndCutsAtWhitespace() {
        assertThat(LlmSummarizer.truncate("short text", 100)).isEqualTo("short text");
        assertThat(LlmSummarizer.truncate("aaaa bbbb cccc", 12)).isEqualTo("aaaa bbbb");
        assertThat(LlmSummarizer.truncate("x".repeat(1000), 300)).hasSize(300);
    }
}
