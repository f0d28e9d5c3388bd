package io.audiojobs.worker.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

import java.util.Objects;

/** Builds the openai-java client for an {@link OpenAiConnection}, and checks the model names callers ask for. */
public final class OpenAiClients {

    /** Sent as the bearer token to servers that need none: openai-java refuses to build without a key. */
    static final String PLACEHOLDER_API_KEY = "no-api-key";

    private OpenAiClients() {}

    /** {@code model} if it names a model; {@code what} names the argument in the exception otherwise. */
    public static String requireModel(String model, String what) {
        Objects.requireNonNull(model, what);
        if (model.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return model;
    }

    /*
     * RETRIES: what openai-java retries on its own, and what is left to the caller.
     *
     * openai-java retries a call connection.clientRetries() times (default 2) on 408/409/429/5xx and
     * on I/O errors including timeouts, after 0.5 s, 1 s, ... (jittered, capped at 8 s) or after the
     * provider's Retry-After / Retry-After-Ms (also capped at 8 s). Those quick retries absorb the
     * common blips (a momentary 429 or 502, a dropped connection) within seconds. It never retries a
     * 4xx other than 408/409/429: those are the request's fault (ProviderErrors.isRetryableStatus),
     * and callers report them at once with the provider's message. Callers do not retry on top of
     * the client inside one call; what happens after the client gives up is theirs to decide (the
     * speech-to-text engine hands over to the job's retries, the summarizer records no summary).
     *
     * The caveat is the timeout: a timed-out attempt may still have been processed (and billed) by
     * the provider, and openai-java retries timeouts too. Keep connection.timeout() generous relative
     * to the work (recognition of a 25 MB file can take a minute or more); use clientRetries=0 if
     * duplicated processing after a timeout matters more than latency. Also below openai-java, OkHttp
     * re-sends a 503 that carries "Retry-After: 0" once on its own (not counted as a client retry).
     * A Retry-After longer than 8 s is not honoured by the client's retries; ProviderErrors.retryAfter
     * reads it for a caller that wants to.
     */
    public static OpenAIClient build(OpenAiConnection connection) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(connection.baseUrl().toString())
                .apiKey(connection.apiKey().isBlank() ? PLACEHOLDER_API_KEY : connection.apiKey())
                .timeout(connection.timeout())
                .maxRetries(connection.clientRetries())
                .build();
    }
}
