package io.audiojobs.worker.transcribe.openai;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A speech-to-text failure worth retrying later (rate limit, provider 5xx, timeout, network): it is
 * deliberately NOT a {@link io.audiojobs.shared.jobs.PermanentJobFailure}, so the job system retries
 * the step with its own backoff. Carries the HTTP status (absent for timeouts and network errors)
 * and the provider's Retry-After hint when it sent one.
 */
public final class OpenAiTemporaryFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Integer statusCode;
    private final Duration retryAfter;

    public OpenAiTemporaryFailure(String message, Integer statusCode, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.retryAfter = retryAfter;
    }

    public OptionalInt statusCode() {
        return statusCode == null ? OptionalInt.empty() : OptionalInt.of(statusCode);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
