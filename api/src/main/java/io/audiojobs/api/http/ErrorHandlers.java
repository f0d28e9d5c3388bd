package io.audiojobs.api.http;

import io.audiojobs.api.openai.OpenAiError;
import io.audiojobs.api.openai.OpenAiErrors;
import io.audiojobs.shared.storage.StorageUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.validation.ValidationException;
import org.jdbi.v3.core.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLTransientConnectionException;
import java.util.Map;

/** Maps every failure, from any route or from Javalin itself, to the error body with a stable code. */
public final class ErrorHandlers {
    private static final Logger log = LoggerFactory.getLogger(ErrorHandlers.class);
    private static final Map<Integer, String> CODES = Map.of(
            400, "BAD_REQUEST", 401, "UNAUTHORIZED", 403, "FORBIDDEN", 404, "NOT_FOUND",
            405, "METHOD_NOT_ALLOWED", 413, "PAYLOAD_TOO_LARGE", 415, "UNSUPPORTED_MEDIA_TYPE",
            429, "TOO_MANY_REQUESTS", 500, "INTERNAL_ERROR", 503, "SERVICE_UNAVAILABLE");

    private ErrorHandlers() {}

    public static void register(RoutesConfig routes) {
        routes.exception(ApiError.class, (e, ctx) -> write(ctx, e.status(), e.code(), e.getMessage()));
        routes.exception(OpenAiError.class, (e, ctx) -> OpenAiErrors.write(ctx, e));
        routes.exception(ValidationException.class, (e, ctx) ->
                write(ctx, 400, "VALIDATION_FAILED", "Invalid " + String.join(", ", e.getErrors().keySet()) + "."));
        routes.exception(HttpResponseException.class, (e, ctx) ->
                write(ctx, e.getStatus(), codeOf(e.getStatus()), e.getMessage()));
        routes.exception(StorageUnavailableException.class, (e, ctx) -> {
            log.warn("object store unavailable: {}", e.getMessage());
            write(ctx, 503, "STORAGE_UNAVAILABLE", "The object store is unavailable; try again shortly.");
        });
        routes.exception(Exception.class, (e, ctx) -> {
            if (isDatabaseOutage(e)) {
                log.warn("database unavailable: {}", e.getMessage());
                write(ctx, 503, "DATABASE_UNAVAILABLE", "The database is unavailable; try again shortly.");
                return;
            }
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, 500, "INTERNAL_ERROR", "Something went wrong on our side.");
        });
        for (int status : new int[] {404, 405, 413, 415}) {
            routes.error(status, "*", ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    write(ctx, status, codeOf(status), defaultMessage(status));
                }
            });
        }
    }

    /** The error body (OpenAI's under /v1/); a 503 also says when to retry (database, storage or this node busy: all pass soon). */
    private static void write(Context ctx, int status, String code, String message) {
        if (status == 503) {
            ctx.header("Retry-After", String.valueOf(ApiError.RETRY_AFTER_SECONDS));
        }
        String text = message == null || message.isBlank() ? defaultMessage(status) : message;
        if (OpenAiErrors.isOpenAiPath(ctx.path())) { // the OpenAI-compatible routes answer in OpenAI's error shape
            OpenAiErrors.write(ctx, status, code, text, null);
            return;
        }
        ctx.status(status).json(ErrorBody.of(code, text, ctx.path()));
    }

    static String codeOf(int status) {
        return CODES.getOrDefault(status, status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST");
    }

    static String defaultMessage(int status) {
        return switch (status) {
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed here.";
            case 413 -> "The request is too large.";
            case 415 -> "This content type is not supported here.";
            default -> "The request failed.";
        };
    }

    /** Connection failures (08xxx), a server shutting down or starting up (57P0x), or out of connections (53300). */
    public static boolean isDatabaseOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
                    return true;
                }
            }
        }
        return false;
    }
}
