package io.audiojobs.worker.transcribe.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.MultipartField;
import com.openai.errors.RateLimitException;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import io.audiojobs.worker.testing.openai.FakeOpenAiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pins openai-java 4.101.0 (and its OkHttp 4.12) behaviour that {@link OpenAiSpeechToText} relies on or
 * should know about: a multipart request is retried only when its file part is in memory (a
 * ByteArrayInputStream); a Path or a file stream makes it single-shot. If an upgrade changes this,
 * revisit how OpenAiSpeechToText passes the file.
 */
class OpenAiJavaBehaviourTest {

    @TempDir
    Path dir;

    private FakeOpenAiServer server;
    private OpenAIClient client;
    private Path wav;

    @BeforeEach
    void setUp() throws Exception {
        server = FakeOpenAiServer.start();
        client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl().toString()).apiKey("k").maxRetries(2).build();
        wav = dir.resolve("a.wav");
        Files.write(wav, OpenAiSpeechToTextTest.wav(16_000, 0.1));
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    private TranscriptionCreateParams.Builder params() {
        return TranscriptionCreateParams.builder().model("whisper-1").responseFormat(AudioResponseFormat.VERBOSE_JSON);
    }

    @Test
    void aPathIsSentWithItsNameButNeverRetried() {
        server.respondWithError(429, "slow down", Map.of("Retry-After", "0"));
        assertThatThrownBy(() -> client.audio().transcriptions().create(params().file(wav).build()))
                .isInstanceOf(RateLimitException.class);
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(server.requests().getFirst().file("file").orElseThrow().filename()).isEqualTo("a.wav");
    }

    @Test
    void aFileStreamIsNeverRetried() throws Exception {
        server.respondWithError(429, "slow down", Map.of("Retry-After", "0"));
        try (InputStream in = Files.newInputStream(wav)) {
            MultipartField<InputStream> file = MultipartField.<InputStream>builder().value(in).filename("a.wav").build();
            assertThatThrownBy(() -> client.audio().transcriptions().create(params().file(file).build()))
                    .isInstanceOf(RateLimitException.class);
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void anInMemoryStreamWithAFilenameIsRetriedWhole() throws Exception {
        byte[] bytes = Files.readAllBytes(wav);
        server.respondWithError(429, "slow down", Map.of("Retry-After", "0"));
        MultipartField<InputStream> file = MultipartField.<InputStream>builder()
                .value(new ByteArrayInputStream(bytes)).filename("a.wav").build();
        client.audio().transcriptions().create(params().file(file).build());
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.file("file").orElseThrow().filename()).isEqualTo("a.wav");
            assertThat(r.file("file").orElseThrow().content()).isEqualTo(bytes);
        });
    }

    @Test
    void aByteArrayIsRetriedButHasNoFilename() throws Exception {
        server.respondWithError(429, "slow down", Map.of("Retry-After", "0"));
        client.audio().transcriptions().create(params().file(Files.readAllBytes(wav)).build());
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(server.requests().getLast().file("file").orElseThrow().filename()).isNull();
    }

    @Test
    void okHttpItselfResendsA503WithRetryAfterZeroOnce() throws Exception {
        // OkHttp's follow-up logic repeats a 503 that says "Retry-After: 0" once, below openai-java's
        // retry loop: with maxRetries(0) the server still sees two requests (with the file both times).
        server.respondWithError(503, "overloaded", Map.of("Retry-After", "0"))
                .respondWithError(503, "overloaded", Map.of("Retry-After", "0"));
        OpenAIClient noRetries = OpenAIOkHttpClient.builder()
                .baseUrl(server.baseUrl().toString()).apiKey("k").maxRetries(0).build();
        try {
            MultipartField<InputStream> file = MultipartField.<InputStream>builder()
                    .value(new ByteArrayInputStream(Files.readAllBytes(wav))).filename("a.wav").build();
            assertThatThrownBy(() -> noRetries.audio().transcriptions().create(params().file(file).build()))
                    .isInstanceOf(com.openai.errors.InternalServerException.class);
        } finally {
            noRetries.close(); // OpenAIClient is not AutoCloseable
        }
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.header("X-Stainless-Retry-Count")).isEqualTo("0");
            assertThat(r.file("file").orElseThrow().filename()).isEqualTo("a.wav");
        });
    }
}
