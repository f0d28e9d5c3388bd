package io.audiojobs.worker.transcribe.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach an OpenAI-compatible speech-to-text API.
 *
 * @param baseUrl       the API root including the version, e.g. {@code https://api.openai.com/v1} or
 *                      {@code http://whisper.internal:8000/v1}; a trailing slash is dropped
 * @param apiKey        the bearer token; blank for servers that need none (a placeholder is sent)
 * @param defaultModel  the model used when a request names none, e.g. {@code whisper-1}
 * @param timeout       the limit for one HTTP attempt (upload, recognition and response)
 * @param clientRetries how many times openai-java itself retries one call (0 = never); see
 *                      {@link OpenAiSpeechToText} for how this combines with the job's retries
 */
public record OpenAiSettings(URI baseUrl, String apiKey, String defaultModel, Duration timeout, int clientRetries) {

    /** openai-java's own default; with the job's retries this gives at most 3 x 3 requests per recording. */
    public static final int DEFAULT_CLIENT_RETRIES = 2;

    public OpenAiSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(defaultModel, "defaultModel");
        Objects.requireNonNull(timeout, "timeout");
        if (defaultModel.isBlank()) {
            throw new IllegalArgumentException("defaultModel must not be blank");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (clientRetries < 0) {
            throw new IllegalArgumentException("clientRetries must be >= 0, got " + clientRetries);
        }
        String url = baseUrl.toString();
        if (url.endsWith("/")) {
            baseUrl = URI.create(url.substring(0, url.length() - 1));
        }
        apiKey = apiKey == null ? "" : apiKey;
    }

    @Override
    public String toString() {
        // never print the key
        return "OpenAiSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isBlank() ? "<none>" : "<set>")
                + ", defaultModel=" + defaultModel + ", timeout=" + timeout + ", clientRetries=" + clientRetries + "]";
    }
}
