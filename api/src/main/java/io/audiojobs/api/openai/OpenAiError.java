package io.audiojobs.api.openai;

import io.audiojobs.api.http.ApiError;

/**
 * An expected outcome of a /v1 route that is not a success, written in OpenAI's error shape by
 * {@link OpenAiErrors}: the code is one of the API's codes (upper case here, lower case on the wire),
 * {@code param} names the request field at fault, if one is. {@code recordId} is set once the call has
 * a record: the error then says so in a header, and asks the SDKs not to retry (a retry would upload
 * the file again and make a second record).
 */
public final class OpenAiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String param;
    private final Long recordId;

    public OpenAiError(int status, String code, String param, String message) {
        this(status, code, param, message, null);
    }

    public OpenAiError(int status, String code, String param, String message, Long recordId) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.param = param;
        this.recordId = recordId;
    }

    /** A field of the request is missing or invalid. */
    public static OpenAiError invalid(String param, String message) {
        return new OpenAiError(400, "VALIDATION_FAILED", param, message);
    }

    /** The API's own error, with the request field it is about. */
    public static OpenAiError of(ApiError e, String param) {
        return new OpenAiError(e.status(), e.code(), param, e.getMessage());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public Long recordId() {
        return recordId;
    }
}
