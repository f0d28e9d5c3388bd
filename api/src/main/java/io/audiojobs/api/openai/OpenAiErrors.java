package io.audiojobs.api.openai;

import io.javalin.http.Context;

import java.util.Locale;

/**
 * Errors of the OpenAI-compatible routes ({@code /v1/...}) in OpenAI's shape. Every error there,
 * the API's own (401, 429, 503 ...) included, goes through here; /api/v1 keeps its own error body.
 */
public final class OpenAiErrors {
    public static final String PATH_PREFIX = "/v1/";
    /** Read by the OpenAI SDKs (Stainless): "false" stops their automatic retries of 408/409/429/5xx. */
    static final String SHOULD_RETRY = "x-should-retry";
    static final String RECORD_HEADER = "X-Audiojobs-Record-Id";

    private OpenAiErrors() {}

    public static boolean isOpenAiPath(String path) {
        return path.startsWith(PATH_PREFIX);
    }

    public static void write(Context ctx, OpenAiError e) {
        if (e.recordId() != null) {
            ctx.header(RECORD_HEADER, String.valueOf(e.recordId()));
            ctx.header(SHOULD_RETRY, "false");
        }
        write(ctx, e.status(), e.code(), e.getMessage(), e.param());
    }

    public static void write(Context ctx, int status, String code, String message, String param) {
        ctx.status(status).json(new OpenAiErrorBody(new OpenAiErrorBody.Detail(message, type(status), param,
                code.toLowerCase(Locale.ROOT))));
    }

    /** OpenAI's error types: what its API itself answers with for each kind of status. */
    public static String type(int status) {
        if (status == 429) {
            return "requests";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }
}
