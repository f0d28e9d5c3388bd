package io.audiojobs.api.auth;

import io.audiojobs.api.apikeys.ApiKeyAuthenticator;
import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.playback.HlsController;
import io.audiojobs.api.webapp.WebApp;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.List;
import java.util.Optional;

/**
 * Requires a valid bearer token on everything but health, metrics, docs, the web app's files and
 * HLS playback links (their signed token in the path is the credential: PlaybackLinks checks it).
 */
public final class AuthFilter implements Handler, TokenUsers {
    private static final String USER = "audiojobs.user";
    private static final List<String> PUBLIC_PREFIXES = List.of("/health/", "/metrics", "/openapi.json", "/docs",
            HlsController.PATH);

    private final Authenticator authenticator;
    private final ApiKeyAuthenticator apiKeys;

    public AuthFilter(Authenticator authenticator) {
        this(authenticator, null);
    }

    /** Also accepts API keys ({@code aj_...}) wherever a JWT is accepted; null accepts none. */
    public AuthFilter(Authenticator authenticator, ApiKeyAuthenticator apiKeys) {
        this.authenticator = authenticator;
        this.apiKeys = apiKeys;
    }

    @Override
    public void handle(Context ctx) {
        if (PUBLIC_PREFIXES.stream().anyMatch(ctx.path()::startsWith) || WebApp.isPublic(ctx.path())) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null && ctx.path().endsWith("/events") && ctx.queryParam("access_token") != null) {
            // a browser's EventSource cannot send headers: the event stream also takes ?access_token=
            header = "Bearer " + ctx.queryParam("access_token");
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "UNAUTHORIZED", "A bearer token is required (Authorization: Bearer <JWT>).");
        }
        String user = userOf(header.substring(7).trim()).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return new ApiError(401, "UNAUTHORIZED", "The bearer token is invalid or expired.");
        });
        ctx.attribute(USER, user);
    }

    /** A JWT's user, or an API key's. */
    @Override
    public Optional<String> userOf(String token) {
        if (apiKeys != null && ApiKeyAuthenticator.isApiKey(token)) {
            return apiKeys.userOf(token);
        }
        return authenticator.userOf(token);
    }

    /** The authenticated caller of this request. */
    public static String user(Context ctx) {
        String user = ctx.attribute(USER);
        if (user == null) {
            throw new ApiError(401, "UNAUTHORIZED", "A bearer token is required.");
        }
        return user;
    }
}
