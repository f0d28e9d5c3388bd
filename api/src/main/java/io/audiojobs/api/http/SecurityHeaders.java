package io.audiojobs.api.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.net.URI;

/**
 * Headers every response carries, set before anything else runs so that errors, event streams and
 * static files have them too: {@code X-Content-Type-Options: nosniff}, and a Content-Security-Policy
 * for the HTML pages this server sends. Scripts and styles come from this server only, never
 * inline; audio and uploads may also go to the object store's public endpoint (presigned URLs); no
 * page may be framed. The docs page alone may use inline styles: Swagger UI sets style attributes
 * (styles cannot run code). For JSON the policy is inert.
 */
public final class SecurityHeaders implements Handler {
    public static final String NOSNIFF = "nosniff";
    /** For answers Jetty writes itself (a request it refused before any route ran): nothing may load, nothing frame it. */
    public static final String NOTHING_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private final String policy;
    private final String docsPolicy;

    public SecurityHeaders(URI objectStore) {
        this.policy = policy(objectStore, "style-src 'self'");
        this.docsPolicy = policy(objectStore, "style-src 'self' 'unsafe-inline'");
    }

    private static String policy(URI objectStore, String styles) {
        String store = objectStore.getScheme() + "://" + objectStore.getAuthority();
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                styles,
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
        ctx.header("X-Content-Type-Options", NOSNIFF);
        ctx.header("Content-Security-Policy", ctx.path().startsWith("/docs") ? docsPolicy : policy);
    }
}
