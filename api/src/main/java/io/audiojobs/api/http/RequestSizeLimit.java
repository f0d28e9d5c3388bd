package io.audiojobs.api.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Refuses a body announced larger than the route can take, before a byte of it is read: 413 at once,
 * and the connection closed, so the server neither reads nor waits for the rest. JSON and form
 * bodies have one small limit; a multipart body (a direct upload) is checked against the upload
 * limit by the form reader.
 */
public final class RequestSizeLimit implements Handler {
    private final long maxBodyBytes;

    public RequestSizeLimit(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(Context ctx) {
        if (ctx.req().getContentLengthLong() > maxBodyBytes && !ctx.isMultipartFormData()) {
            throw ApiError.tooLarge("PAYLOAD_TOO_LARGE", "The request body is larger than " + maxBodyBytes + " bytes.");
        }
    }
}
