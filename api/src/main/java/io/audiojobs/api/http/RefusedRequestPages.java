package io.audiojobs.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * What Jetty answers for a request it refuses before any route runs (an ambiguous or malformed
 * URI such as {@code /app/../../etc/passwd}, a bad header): the API's error body as JSON, with
 * nosniff and a policy that lets nothing load, instead of Jetty's HTML page without either.
 */
public final class RefusedRequestPages extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField NOSNIFF = new HttpField("X-Content-Type-Options", SecurityHeaders.NOSNIFF);
    private static final HttpField POLICY = new HttpField("Content-Security-Policy", SecurityHeaders.NOTHING_POLICY);

    private final ObjectMapper json;

    public RefusedRequestPages(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        withHeaders(response.getHeaders());
        response.write(true, ByteBuffer.wrap(body(status, message, Request.getPathInContext(request))), callback);
    }

    /** A message Jetty could not even parse as a request: no path to name. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable headers) {
        withHeaders(headers);
        return ByteBuffer.wrap(body(status, reason, null));
    }

    private static void withHeaders(HttpFields.Mutable headers) {
        headers.put(JSON);
        headers.put(NOSNIFF);
        headers.put(POLICY);
    }

    private byte[] body(int status, String message, String path) {
        String text = message == null || message.isBlank() ? ErrorHandlers.defaultMessage(status) : message;
        try {
            return json.writeValueAsBytes(ErrorBody.of(ErrorHandlers.codeOf(status), text, path));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
