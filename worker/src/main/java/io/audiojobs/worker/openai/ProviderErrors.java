package io.audiojobs.worker.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.Headers;
import com.openai.errors.OpenAIServiceException;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Describes the failures of an OpenAI-compatible provider call in words fit for a job's status. */
public final class ProviderErrors {

    private static final int MAX_MESSAGE = 500;

    private ProviderErrors() {}

    /** Statuses worth retrying later (408/409/429/5xx); any other error status is the request's fault. */
    public static boolean isRetryableStatus(int status) {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    /**
     * The provider's own error text: {@code error.message} of the OpenAI error body, else a top-level
     * {@code message}, else the body, else the exception's message; at most 500 characters.
     */
    public static String providerMessage(OpenAIServiceException e) {
        try {
            JsonValue body = e.body();
            JsonNode node = body == null ? null : body.convert(JsonNode.class);
            if (node != null) {
                JsonNode message = node.path("error").path("message");
                if (!message.isTextual()) {
                    message = node.path("message");
                }
                if (message.isTextual() && !message.asText().isBlank()) {
                    return abbreviate(message.asText(), MAX_MESSAGE);
                }
                if (!node.isMissingNode() && !node.isNull() && !(node.isObject() && node.isEmpty())) {
                    return abbreviate(node.toString(), MAX_MESSAGE);
                }
            }
        } catch (RuntimeException ignored) {
            // fall through to the exception's own message
        }
        return e.getMessage() == null ? "no error message" : abbreviate(e.getMessage(), MAX_MESSAGE);
    }

    /** The provider's Retry-After-Ms or Retry-After (seconds) hint, or null when it sent none readable. */
    public static Duration retryAfter(Headers headers) {
        try {
            List<String> ms = headers.values("Retry-After-Ms");
            if (!ms.isEmpty()) {
                return Duration.ofMillis((long) Double.parseDouble(ms.getFirst().strip()));
            }
            List<String> seconds = headers.values("Retry-After");
            if (!seconds.isEmpty()) {
                return Duration.ofMillis((long) (Double.parseDouble(seconds.getFirst().strip()) * 1000));
            }
        } catch (RuntimeException ignored) {
            // an HTTP date or garbage: no hint
        }
        return null;
    }

    /** Whether {@code e} or one of its causes is a timeout. */
    public static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException
                    || (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("timeout"))) {
                return true;
            }
        }
        return false;
    }

    /** The root cause's simple class name and message, e.g. "ConnectException: Connection refused". */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** {@code s} cut to {@code max} characters, with "..." when cut. */
    public static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
