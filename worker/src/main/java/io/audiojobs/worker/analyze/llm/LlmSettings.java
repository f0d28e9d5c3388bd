package io.audiojobs.worker.analyze.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach an OpenAI-compatible chat completions API for summaries.
 *
 * @param baseUrl       the API root including the version, e.g. {@code https://api.openai.com/v1}; a
 *                      trailing slash is dropped
 * @param apiKey        the bearer token; blank for servers that need none (a placeholder is sent)
 * @param chatModel     the chat model, e.g. {@code gpt-4o-mini}; it must support structured outputs
 *                      ({@code response_format: json_schema})
 * @param timeout       the limit for one HTTP attempt
 * @param clientRetries how many times openai-java retries one call on 408/409/429/5xx/timeouts
 */
public record LlmSettings(URI baseUrl, String apiKey, String chatModel, Duration timeout, int clientRetries) {

    public LlmSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(chatModel, "chatModel");
        Objects.requireNonNull(timeout, "timeout");
        if (chatModel.isBlank()) {
            throw new IllegalArgumentException("chatModel must not be blank");
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
        return "LlmSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isBlank() ? "<none>" : "<set>")
                + ", chatModel=" + chatModel + ", timeout=" + timeout + ", clientRetries=" + clientRetries + "]";
    }
}
