package io.audiojobs.worker.testing.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake itself, driven with the JDK HTTP client (no openai-java), so its parsing is trusted on its own. */
class FakeOpenAiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeOpenAiServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        server = FakeOpenAiServer.start();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void baseUrlIsLoopbackWithV1() {
        assertThat(server.baseUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
    }

    @Test
    void parsesMultipartFieldsAndFiles() throws Exception {
        byte[] audio = new byte[1000];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i * 7); // includes \r, \n and '-' bytes
        }
        String boundary = "b0undary-42";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n")
                .getBytes(StandardCharsets.UTF_8));
        for (String g : new String[] {"word", "segment"}) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"timestamp_granularities[]\"\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + g + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(audio);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = post("/audio/transcriptions", "multipart/form-data; boundary=" + boundary,
                body.toByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("language").asText()).isEqualTo("english");
        FakeOpenAiServer.RecordedRequest recorded = server.transcriptionRequests().getFirst();
        assertThat(recorded.field("model")).isEqualTo("whisper-1");
        assertThat(recorded.fieldValues("timestamp_granularities[]")).containsExactly("word", "segment");
        FakeOpenAiServer.FilePart file = recorded.file("file").orElseThrow();
        assertThat(file.filename()).isEqualTo("x.wav");
        assertThat(file.contentType()).isEqualTo("audio/wav");
        assertThat(file.content()).isEqualTo(audio);
    }

    @Test
    void chatCompletionsAnswerWithTheConfiguredContent() throws Exception {
        server.chatContent("{\"summary\":\"s\",\"topics\":[\"t\"]}");
        HttpResponse<String> response = post("/chat/completions", "application/json",
                "{\"model\":\"m1\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8));

        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("m1");
        assertThat(body.path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("{\"summary\":\"s\",\"topics\":[\"t\"]}");
        assertThat(server.chatRequests()).hasSize(1);
    }

    @Test
    void scriptedResponsesComeInOrderWithHeadersThenTheDefault() throws Exception {
        server.respondWithError(429, "slow", Map.of("Retry-After", "7")).respondWith(500, "{}");
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> first = post("/chat/completions", "application/json", empty);
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).contains("7");
        assertThat(JSON.readTree(first.body()).path("error").path("message").asText()).isEqualTo("slow");
        assertThat(post("/chat/completions", "application/json", empty).statusCode()).isEqualTo(500);
        assertThat(post("/chat/completions", "application/json", empty).statusCode()).isEqualTo(200);
        assertThat(post("/nope", "application/json", empty).statusCode()).isEqualTo(404);
        assertThat(server.requestCount()).isEqualTo(4);

        server.reset();
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void delayNextHoldsTheResponseBack() throws Exception {
        server.delayNext(Duration.ofMillis(400));
        long started = System.nanoTime();
        post("/chat/completions", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        started = System.nanoTime();
        post("/chat/completions", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
    }
}
