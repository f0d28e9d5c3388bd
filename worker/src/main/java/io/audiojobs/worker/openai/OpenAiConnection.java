package io.audiojobs.worker.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach an OpenAI-compatible API (OpenAI itself, or a self-hosted server speaking
 * the same protocol). What to ask it for (a speech-to-text or chat model) belongs to the caller.
 *
 * @param baseUrl       the API root including the version, e.g. {@code https://api.openai.com/v1} or
 *                      {@code http://whisper.internal:8000/v1}; a trailing slash is dropped
 * @param apiKey        the bearer token; blank for servers that need none (a placeholder is sent)
 * @param timeout       the limit for one HTTP attempt (upload, processing and response)
 * @param clientRetries how many times openai-java itself retries one call (0 = never); see
 *                      {@link OpenAiClients} for which failures it retries
 */
public record OpenAiConnection(URI baseUrl, String apiKey, Duration timeout, int clientRetries) {

    /** openai-java's own default number of retries for one call. */
    public static final int DEFAULT_CLIENT_RETRIES = 2;

    public OpenAiConnection {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeout, "timeout");
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

    /** "1 attempt", "3 attempts": how many requests one call makes at most. */
    public String attempts() {
        int attempts = clientRetries + 1;
        return attempts == 1 ? "1 attempt" : attempts + " attempts";
    }

    @Override
    public String toString() {
        // never print the key
        return "OpenAiConnection[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isBlank() ? "<none>" : "<set>")
                + ", timeout=" + timeout + ", clientRetries=" + clientRetries + "]";
    }
}
