package io.audiojobs.worker.transcribe.openai;

import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.worker.openai.OpenAiConnection;
import io.audiojobs.worker.testing.openai.FakeOpenAiServer;
import io.audiojobs.worker.testing.openai.FakeOpenAiServer.FilePart;
import io.audiojobs.worker.testing.openai.FakeOpenAiServer.RecordedRequest;
import io.audiojobs.worker.transcribe.TranscriptionRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiSpeechToTextTest {

    private static final Map<String, String> RETRY_NOW = Map.of("Retry-After", "0");

    @TempDir
    Path dir;

    private FakeOpenAiServer server;
    private Path wav;
    private byte[] wavBytes;

    @BeforeEach
    void setUp() throws IOException {
        server = FakeOpenAiServer.start();
        wav = dir.resolve("talk.wav");
        wavBytes = wav(16_000, 0.5);
        Files.write(wav, wavBytes);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private OpenAiSpeechToText engine(Duration timeout, int clientRetries) {
        return new OpenAiSpeechToText(new OpenAiConnection(server.baseUrl(), "test-key", timeout, clientRetries), "whisper-1");
    }

    @Test
    void sendsTheFileAndOptionsAndParsesVerboseJson() throws Exception {
        try (OpenAiSpeechToText stt = engine(Duration.ofSeconds(5), 2)) {
            Transcript transcript = stt.transcribe(wav, new TranscriptionRequest("en", null));

            assertThat(transcript.text()).isEqualTo("Hello world. Second part.");
            assertThat(transcript.language()).isEqualTo("en"); // "english" in the reply
            assertThat(transcript.engine()).isEqualTo("openai");
            assertThat(transcript.model()).isEqualTo("whisper-1");
            assertThat(transcript.segments()).containsExactly(
                    new Transcript.Segment(0, 1200, "Hello world."),
                    new Transcript.Segment(1200, 2500, "Second part."));
            assertThat(transcript.words()).containsExactly(
                    new Transcript.Word(0, 480, "Hello", null),
                    new Transcript.Word(500, 1040, "world", null),
                    new Transcript.Word(1200, 1700, "Second", null),
                    new Transcript.Word(1720, 2500, "part", null));
            assertThat(stt.engine()).isEqualTo("openai");
            assertThat(stt.defaultModel()).isEqualTo("whisper-1");
        }

        assertThat(server.transcriptionRequests()).hasSize(1);
        RecordedRequest request = server.transcriptionRequests().getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Authorization")).isEqualTo("Bearer test-key");
        assertThat(request.header("Content-Type")).startsWith("multipart/form-data");
        assertThat(request.field("model")).isEqualTo("whisper-1");
        assertThat(request.field("language")).isEqualTo("en");
        assertThat(request.field("response_format")).isEqualTo("verbose_json");
        assertThat(request.fieldValues("timestamp_granularities[]")).containsExactlyInAnyOrder("word", "segment");
        FilePart file = request.file("file").orElseThrow();
        assertThat(file.filename()).isEqualTo("talk.wav");
        assertThat(file.contentType()).isEqualTo("audio/wav");
        assertThat(file.content()).isEqualTo(wavBytes);
    }

    @Test
    void requestModelOverridesTheDefaultAndLanguageIsOptional() throws Exception {
        try (OpenAiSpeechToText stt = engine(Duration.ofSeconds(5), 0)) {
            Transcript transcript = stt.transcribe(wav, new TranscriptionRequest(null, "whisper-large-v3"));
            assertThat(transcript.model()).isEqualTo("whisper-large-v3");
        }
        RecordedRequest request = server.transcriptionRequests().getFirst();
        assertThat(request.field("model")).isEqualTo("whisper-large-v3");
        assertThat(request.fields()).doesNotContainKey("language");
    }

    @Test
    void toleratesAReplyWithoutWordsAndLanguage() throws Exception {
        server.transcriptionBody("""
                {"text": " Bonjour. ", "duration": 1.0,
                 "segments": [{"start": 0.0, "end": 0.9996, "text": " Bonjour. "}]}
                """);
        try (OpenAiSpeechToText stt = engine(Duration.ofSeconds(5), 0)) {
            Transcript transcript = stt.transcribe(wav, new TranscriptionRequest("fr", null));
            assertThat(transcript.text()).isEqualTo("Bonjour.");
            assertThat(transcript.language()).isEqualTo("fr"); // from the request
            assertThat(transcript.segments()).containsExactly(new Transcript.Segment(0, 1000, "Bonjour."));
            assertThat(transcript.words()).isEmpty();
        }
    }

    @Test
    void aFileWithoutWavExtensionIsNamedAudioWav() throws Exception {
        Path odd = dir.resolve("normalized");
        Files.write(odd, wavBytes);
        try (OpenAiSpeechToText stt = engine(Duration.ofSeconds(5), 0)) {
            stt.transcribe(odd, new TranscriptionRequest(null, null));
        }
        assertThat(server.transcriptionRequests().getFirst().file("file").orElseThrow().filename()).isEqualTo("audio.wav");
    }

    @Test
    void a429IsRetriedByTheClientWithTheWholeFileAndItsFilenameEachTime() throws Exception {
        server.respondWithError(429, "Rate limit reached for whisper-1", RETRY_NOW);

        try (OpenAiSpeechToText stt = engine(Duration.ofSeconds(5), 2)) {
            Transcript transcript = stt.transcribe(wav, new TranscriptionRequest("en", null));
            assertThat(transcript.text()).isEqualTo("Hello world. Second part.");
        }

        List<RecordedRequest> requests = server.transcriptionRequests();
        assertThat(requests).hasSize(2);
        for (RecordedRequest request : requests) {
            FilePart file = request.file("file").orElseThrow();
            assertThat(file.filename()).isEqualTo("talk.wav");
            assertThat(file.length()).isEqualTo(wavBytes.length);
            assertThat(file.content()).isEqualTo(wavBytes);
            assertThat(request.field("model")).isEqualTo("whisper-1");
            assertThat(request.fieldValues("timestamp_granularities[]")).hasSize(2);
        }
        assertThat(requests.get(0).header("X-Stainless-Retry-Count")).isEqualTo("0");
        assertThat(requests.get(1).header("X-Stainless-Retry-Count")).isEqualTo("1");
    }

    @Test
    void a400FailsAtOncePermanentlyWithTheProvidersMessage() {
        server.respondWithError(400, "Invalid file format. Supported formats: ['flac', 'mp3', 'wav']");

        try (OpenAiSpeechToText stt = engine(Duration.ofSeconds(5), 2)) {
            assertThatThrownBy(() -> stt.transcribe(wav, new TranscriptionRequest("en", null)))
                    .isInstanceOf(PermanentJobFailure.class)
                    .hasMessage("The speech-to-text provider refused the request (400): "
                            + "Invalid file format. Supported formats: ['flac', 'mp3', 'wav']");
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void otherClientErrorsArePermanentToo() {
        server.respondWithError(401, "Incorrect API key provided: test-key.");
        server.respondWithError(413, "Maximum content size limit (26214400) exceeded");
        server.respondWithError(415, "Unsupported media type");

        try (OpenAiSpeechToText stt = engine(Duration.ofSeconds(5), 2)) {
            TranscriptionRequest request = new TranscriptionRequest(null, null);
            assertThatThrownBy(() -> stt.transcribe(wav, request))
                    .isInstanceOf(PermanentJobFailure.class)
                    .hasMessage("The speech-to-text provider refused the request (401): Incorrect API key provided: test-key.");
            assertThatThrownBy(() -> stt.transcribe(wav, request))
                    .isInstanceOf(PermanentJobFailure.class)
                    .hasMessageContaining("(413): Maximum content size limit");
            assertThatThrownBy(() -> stt.transcribe(wav, request))
                    .isInstanceOf(PermanentJobFailure.class)
                    .hasMessageContaining("(415): Unsupported media type");
        }
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void repeated500sEndInARetryableFailureAfterClientRetriesPlusOneRequests() {
        int clientRetries = 2;
        server.respondWithErrorTimes(clientRetries + 1, 500, "The server had an error while processing your request.",
                RETRY_NOW);

        try (OpenAiSpeechToText stt = engine(Duration.ofSeconds(5), clientRetries)) {
            assertThatThrownBy(() -> stt.transcribe(wav, new TranscriptionRequest("en", null)))
                    .isInstanceOf(OpenAiTemporaryFailure.class)
                    .isNotInstanceOf(PermanentJobFailure.class)
                    .hasMessage("The speech-to-text provider is unavailable (500) after 3 attempts: "
                            + "The server had an error while processing your request.")
                    .satisfies(e -> {
                        OpenAiTemporaryFailure failure = (OpenAiTemporaryFailure) e;
                        assertThat(failure.statusCode()).hasValue(500);
                        assertThat(failure.retryAfter()).contains(Duration.ZERO);
                    });
        }
        assertThat(server.requestCount()).isEqualTo(clientRetries + 1);
        assertThat(server.transcriptionRequests())
                .allSatisfy(r -> assertThat(r.file("file").orElseThrow().length()).isEqualTo(wavBytes.length));
    }

    @Test
    void aTimeoutIsRetryable() {
        server.delayNext(Duration.ofSeconds(3)).delayNext(Duration.ofSeconds(3));

        long started = System.nanoTime();
        try (OpenAiSpeechToText stt = engine(Duration.ofMillis(300), 1)) {
            assertThatThrownBy(() -> stt.transcribe(wav, new TranscriptionRequest("en", null)))
                    .isInstanceOf(OpenAiTemporaryFailure.class)
                    .hasMessage("The speech-to-text provider did not answer within 300 ms (2 attempts)")
                    .satisfies(e -> assertThat(((OpenAiTemporaryFailure) e).statusCode()).isEmpty());
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(server.requestCount()).isEqualTo(2); // the timed-out attempt was re-sent once
    }

    @Test
    void anUnreachableProviderIsRetryable() {
        int port = server.baseUrl().getPort();
        server.close();
        OpenAiConnection connection = new OpenAiConnection(java.net.URI.create("http://127.0.0.1:" + port + "/v1"),
                "k", Duration.ofSeconds(2), 0);
        try (OpenAiSpeechToText stt = new OpenAiSpeechToText(connection, "whisper-1")) {
            assertThatThrownBy(() -> stt.transcribe(wav, new TranscriptionRequest(null, null)))
                    .isInstanceOf(OpenAiTemporaryFailure.class)
                    .hasMessageStartingWith("Could not reach the speech-to-text provider at http://127.0.0.1:" + port + "/v1");
        }
    }

    @Test
    void aSuccessThatIsNotJsonIsRetryable() {
        server.respondWith(200, "<html>gateway</html>");
        try (OpenAiSpeechToText stt = engine(Duration.ofSeconds(5), 0)) {
            assertThatThrownBy(() -> stt.transcribe(wav, new TranscriptionRequest(null, null)))
                    .isInstanceOf(OpenAiTemporaryFailure.class)
                    .hasMessageContaining("not JSON");
        }
    }

    @Test
    void mapsLanguageNamesToCodes() {
        assertThat(LanguageCodes.toCode("english")).isEqualTo("en");
        assertThat(LanguageCodes.toCode("German")).isEqualTo("de");
        assertThat(LanguageCodes.toCode("chinese")).isEqualTo("zh");
        assertThat(LanguageCodes.toCode("norwegian")).isEqualTo("no");
        assertThat(LanguageCodes.toCode("haitian creole")).isEqualTo("ht");
        assertThat(LanguageCodes.toCode("EN")).isEqualTo("en");
        assertThat(LanguageCodes.toCode("klingon")).isEqualTo("klingon");
        assertThat(LanguageCodes.toCode(" ")).isNull();
    }

    /** A 16-bit mono PCM WAV of {@code seconds} of a quiet ramp. */
    static byte[] wav(int sampleRate, double seconds) {
        int samples = (int) (sampleRate * seconds);
        ByteBuffer buffer = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        buffer.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        buffer.put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            buffer.putShort((short) ((i % 200) * 10 - 1000));
        }
        return buffer.array();
    }
}
