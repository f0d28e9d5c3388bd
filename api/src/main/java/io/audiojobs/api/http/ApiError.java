package io.audiojobs.api.http;

/**
 * An expected outcome that is not a success: thrown by handlers and services, turned into the
 * error body {"error":{"code","message","timestamp","path"}} in one place ({@link ErrorHandlers}).
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final int retryAfterSeconds;

    public ApiError(int status, String code, String message) {
        this(status, code, message, 0);
    }

    private ApiError(int status, String code, String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
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
    public static ApiError busy(String code, String message, int retryAfterSeconds) {
        return new ApiError(503, code, message, retryAfterSeconds);
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

    /** Seconds for a Retry-After header; 0 = none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
