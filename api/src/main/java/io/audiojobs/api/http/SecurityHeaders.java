package io.audiojobs.api.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.net.URI;

/**
 * Headers every response carries, set before anything else runs so that errors, event streams and
 * static files have them too: {@code X-Content-Type-Options: nosniff}, and one Content-Security-Policy
 * for the HTML pages this server sends (the docs page, the web app). Scripts and styles come from
 * this server only, never inline script; audio and uploads may also go to the object store's
 * public endpoint (presigned URLs); no page may be framed. For JSON the policy is inert.
 */
public final class SecurityHeaders implements Handler {
    private final String policy;

    public SecurityHeaders(URI objectStore) {
        String store = objectStore.getScheme() + "://" + objectStore.getAuthority();
        this.policy = String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                // Swagger UI sets style attributes; styles cannot run code
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "media-src 'self' blob: " + store,
                "connect-src 'self' " + store,
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    @Override
    public void handle(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", policy);
    }
}
