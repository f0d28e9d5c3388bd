package io.audiojobs.api.http;

import java.util.Optional;

/**
 * An expected outcome that is not a success: thrown by handlers and services, turned into the
 * error body {"error":{"code","message","timestamp","path"}} in one place ({@link ErrorHandlers}).
 */
public final class ApiError extends RuntimeException {
    /** Every 503 tells the client when to try again (ErrorHandlers adds the header). */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final int status;
    private final String code;
    private final String field;

    public ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    private ApiError(int status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** The same refusal, naming the request field at fault (OpenAI's error body says it as {@code param}). */
    public ApiError about(String field) {
        return new ApiError(status, code, getMessage(), field);
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    public static ApiError notFound(String code, String message) {
        return new ApiError(404, code, message);
    }

    public static ApiError conflict(String code, String message) {
        return new ApiError(409, code, message);
    }

    public static ApiError tooLarge(String code, String message) {
        return new ApiError(413, code, message);
    }

    /** 503 with Retry-After: the request was fine, this node has no room for it right now. */
    public static ApiError busy(String code, String message) {
        return new ApiError(503, code, message);
    }

    public static ApiError unsupportedMediaType(String message) {
        return new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds for the Retry-After header: set on every 503, none otherwise. */
    public int retryAfterSeconds() {
        return status == 503 ? RETRY_AFTER_SECONDS : 0;
    }
}
