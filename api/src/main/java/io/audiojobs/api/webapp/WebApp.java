package io.audiojobs.api.webapp;

import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;

import java.util.Map;

/**
 * The reference web app (SPEC §6c): plain ES modules and CSS from the classpath folder
 * {@code /webapp}, served at {@code /} with no build step. Its files are public, like any web page
 * (Javalin runs before-matched handlers, the auth filter among them, for static files too, so the
 * filter asks {@link #isPublic}); the app's own API calls carry the user's token.
 */
public final class WebApp {
    /** Everything the app loads lives under this prefix; {@code /} and {@code /index.html} are its page. */
    public static final String ASSETS = "/app/";

    private WebApp() {}

    public static void configure(StaticFileConfig files) {
        files.hostedPath = "/";
        files.directory = "/webapp";
        files.location = Location.CLASSPATH;
        // revalidated on every load, so a new release is seen at once; unchanged files answer 304
        files.headers = Map.of("Cache-Control", "no-cache");
        files.mimeTypes.add("text/javascript", "mjs");
    }

    /** True for the page and its assets, which the auth filter lets through without a token. */
    public static boolean isPublic(String path) {
        return path.equals("/") || path.equals("/index.html") || path.startsWith(ASSETS);
    }
}
