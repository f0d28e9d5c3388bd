package io.audiojobs.worker.transcribe.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.MultipartField;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams.TimestampGranularity;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.worker.openai.OpenAiClients;
import io.audiojobs.worker.openai.OpenAiConnection;
import io.audiojobs.worker.transcribe.SpeechToText;
import io.audiojobs.worker.transcribe.TranscriptionRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import static io.audiojobs.worker.openai.ProviderErrors.abbreviate;
import static io.audiojobs.worker.openai.ProviderErrors.describe;
import static io.audiojobs.worker.openai.ProviderErrors.isRetryableStatus;
import static io.audiojobs.worker.openai.ProviderErrors.isTimeout;
import static io.audiojobs.worker.openai.ProviderErrors.providerMessage;
import static io.audiojobs.worker.openai.ProviderErrors.retryAfter;

/**
 * Speech-to-text through an OpenAI-compatible {@code POST {baseUrl}/audio/transcriptions} (OpenAI
 * itself, or a self-hosted Whisper server speaking the same protocol), via openai-java.
 *
 * <p>It asks for {@code response_format=verbose_json} with word and segment timestamps and reads
 * the JSON itself (text, language, segments, words) so that compatible servers that omit fields
 * still work. Failures: a provider's 400/401/403/404/413/415/422 (any 4xx but 408/409/429) becomes
 * a {@link PermanentJobFailure} carrying the provider's message; 408/409/429/5xx, timeouts and
 * network errors become an {@link OpenAiTemporaryFailure}, which the job system retries.
 *
 * <p>The WAV is held in memory for the call (OpenAI accepts at most 25 MB per file, about 13 minutes
 * of 16 kHz mono 16-bit PCM; longer recordings are refused with 413 and need chunking upstream).
 */
public final class OpenAiSpeechToText implements SpeechToText, AutoCloseable {

    public static final String ENGINE = "openai";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAiConnection connection;
    private final String defaultModel;
    private final OpenAIClient client;

    /**
     * @param connection   where the provider is, the timeout of one attempt and openai-java's own retries
     * @param defaultModel the model used when a request names none, e.g. {@code whisper-1}
     */
    public OpenAiSpeechToText(OpenAiConnection connection, String defaultModel) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.defaultModel = OpenAiClients.requireModel(defaultModel, "defaultModel");
        this.client = OpenAiClients.build(connection);
    }

    /*
     * RETRIES: how openai-java's own retries (see OpenAiClients) and the job's retries combine.
     *
     * The client's quick retries (connection.clientRetries(), default 2) absorb the common blips
     * within seconds, without paying for a new job attempt (re-reading the WAV from S3, re-queueing,
     * up to a poll interval of pickup).
     *
     * If they do not help, the outage is longer than a few seconds: we stop and throw an
     * OpenAiTemporaryFailure (never PermanentJobFailure), and the job system's retries take over with
     * their longer backoff (5 s, 10 s, 20 s ...; 3 attempts by default). Worst case with the
     * defaults: 3 job attempts x 3 client attempts = 9 requests for one recording, spread over about
     * a minute; each attempt is bounded by connection.timeout(). A 4xx other than 408/409/429 becomes
     * a PermanentJobFailure so the job fails at once with the provider's message. The
     * OpenAiTemporaryFailure carries the provider's Retry-After (retryAfter()) for a retry filter
     * that wants to honour one longer than the client's 8 s cap.
     *
     * Re-sending the file on a retry: openai-java retries a multipart request only if every part is
     * repeatable. A Path or a plain InputStream part is streamed once and makes the whole request
     * non-retryable; a ByteArrayInputStream part is copied into memory when the request is built and
     * re-sent whole on every attempt. So transcribe() reads the WAV into a byte[] and passes it as a
     * MultipartField<InputStream> wrapping a ByteArrayInputStream, with a filename (the provider
     * infers the audio format from the filename's extension; a bare byte[] would have no filename).
     */

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public String defaultModel() {
        return defaultModel;
    }

    @Override
    public Transcript transcribe(Path wav, TranscriptionRequest request) throws Exception {
        Objects.requireNonNull(wav, "wav");
        String model = request != null && request.model() != null && !request.model().isBlank()
                ? request.model().strip() : defaultModel;
        String language = request != null && request.language() != null && !request.language().isBlank()
                ? request.language().strip() : null;

        byte[] audio = Files.readAllBytes(wav);
        // A ByteArrayInputStream (not a file stream) so the request is repeatable: see the comment above.
        MultipartField<InputStream> file = MultipartField.<InputStream>builder()
                .value(new ByteArrayInputStream(audio))
                .filename(uploadFilename(wav))
                .contentType("audio/wav")
                .build();
        TranscriptionCreateParams.Builder params = TranscriptionCreateParams.builder()
                .file(file)
                .model(model)
                .responseFormat(AudioResponseFormat.VERBOSE_JSON)
                .addTimestampGranularity(TimestampGranularity.WORD)
                .addTimestampGranularity(TimestampGranularity.SEGMENT);
        if (language != null) {
            params.language(language);
        }

        byte[] body;
        try (HttpResponseFor<TranscriptionCreateResponse> response =
                     client.audio().transcriptions().withRawResponse().create(params.build())) {
            body = response.body().readAllBytes();
        } catch (OpenAIServiceException e) {
            throw mapServiceFailure(e);
        } catch (OpenAIIoException | IOException e) {
            throw mapIoFailure(e);
        } catch (OpenAIException e) {
            throw new OpenAiTemporaryFailure("The speech-to-text provider call failed: " + describe(e), null, null, e);
        }
        return parseVerboseJson(body, model, language);
    }

    private Transcript parseVerboseJson(byte[] body, String model, String requestedLanguage) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new OpenAiTemporaryFailure("The speech-to-text provider returned a response that is not JSON: "
                    + snippet(body), null, null, e);
        }
        if (root == null || !root.isObject() || !root.path("text").isTextual()) {
            throw new OpenAiTemporaryFailure("The speech-to-text provider returned JSON without a \"text\": "
                    + snippet(body), null, null, null);
        }
        String text = root.path("text").asText().strip();
        String detected = LanguageCodes.toCode(root.path("language").isTextual() ? root.path("language").asText() : null);
        String language = detected != null ? detected : LanguageCodes.toCode(requestedLanguage);

        List<Transcript.Segment> segments = new ArrayList<>();
        for (JsonNode segment : root.path("segments")) {
            long start = millis(segment.path("start"));
            long end = Math.max(start, millis(segment.path("end")));
            segments.add(new Transcript.Segment(start, end, segment.path("text").asText("").strip()));
        }
        if (segments.isEmpty() && !text.isEmpty() && root.path("duration").isNumber()) {
            // a compatible server that gave no segments: one segment spanning the audio
            segments.add(new Transcript.Segment(0, millis(root.path("duration")), text));
        }
        List<Transcript.Word> words = new ArrayList<>();
        for (JsonNode word : root.path("words")) {
            long start = millis(word.path("start"));
            long end = Math.max(start, millis(word.path("end")));
            Double confidence = word.path("probability").isNumber() ? word.path("probability").asDouble() : null;
            words.add(new Transcript.Word(start, end, word.path("word").asText("").strip(), confidence));
        }
        return new Transcript(text, language, ENGINE, model, List.copyOf(segments), List.copyOf(words));
    }

    /** Seconds (a JSON number) to milliseconds; missing or invalid is 0. */
    private static long millis(JsonNode seconds) {
        if (!seconds.isNumber()) {
            return 0;
        }
        double value = seconds.asDouble();
        return Double.isFinite(value) && value > 0 ? Math.round(value * 1000.0) : 0;
    }

    private RuntimeException mapServiceFailure(OpenAIServiceException e) {
        int status = e.statusCode();
        String message = providerMessage(e);
        if (isRetryableStatus(status)) {
            return new OpenAiTemporaryFailure("The speech-to-text provider is unavailable (" + status + ") after "
                    + connection.attempts() + ": " + message, status, retryAfter(e.headers()), e);
        }
        return new PermanentJobFailure("The speech-to-text provider refused the request (" + status + "): " + message, e);
    }

    private RuntimeException mapIoFailure(Exception e) {
        if (isTimeout(e)) {
            return new OpenAiTemporaryFailure("The speech-to-text provider did not answer within "
                    + human(connection.timeout()) + " (" + connection.attempts() + ")", null, null, e);
        }
        return new OpenAiTemporaryFailure("Could not reach the speech-to-text provider at " + connection.baseUrl()
                + " (" + connection.attempts() + "): " + describe(e), null, null, e);
    }

    private static String uploadFilename(Path wav) {
        Path name = wav.getFileName();
        String filename = name == null ? "" : name.toString();
        // The provider infers the format from the extension.
        return filename.toLowerCase(Locale.ROOT).endsWith(".wav") ? filename : "audio.wav";
    }

    private static String snippet(byte[] body) {
        return abbreviate(new String(body, 0, Math.min(body.length, 300), java.nio.charset.StandardCharsets.UTF_8), 200);
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        client.close();
    }
}
