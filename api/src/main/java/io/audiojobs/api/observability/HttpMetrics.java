package io.audiojobs.api.observability;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.javalin.router.Endpoint;
import io.javalin.router.Endpoints;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures and logs each request once it is answered (a Javalin request logger: it runs after
 * every handler, error mapping included, once the response is written):
 * <ul>
 *   <li>timer {@code http_server_requests_seconds{method,route,status}}, with buckets; {@code route}
 *       is the matched path template ({@code /api/v1/records/{id}}), never the raw path, and
 *       {@value #NOT_FOUND} for a request no route matched (404, 405), {@value #STATIC} for the web
 *       app's files;</li>
 *   <li>one access log line on logger {@value #ACCESS_LOGGER}: method, route, path, status and
 *       duration as key/value pairs, the request id in the MDC. Never headers (Authorization) nor
 *       the query string (presigned signatures, tokens). Probes and scrapes ({@code /health/*},
 *       {@code /metrics}) log at DEBUG, server errors at WARN.</li>
 * </ul>
 * Last, it takes the request id out of the MDC.
 */
public final class HttpMetrics implements RequestLogger {
    public static final String NAME = "http.server.requests";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String STATIC = "STATIC";
    public static final String ACCESS_LOGGER = "io.audiojobs.api.access";

    private static final Logger access = LoggerFactory.getLogger(ACCESS_LOGGER);
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");
    private static final int MAX_LOGGED_PATH = 256;
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(Context ctx, Float executionTimeMs) {
        RequestIdFilter.restore(ctx); // the request may have finished on another thread (ctx.future)
        try {
            String method = method(ctx);
            String route = route(ctx);
            int status = ctx.statusCode();
            double millis = executionTimeMs == null || executionTimeMs < 0 ? 0 : executionTimeMs;
            timer(method, route, status).record(Duration.ofNanos((long) (millis * 1_000_000)));
            log(ctx, method, route, status, millis);
        } finally {
            RequestIdFilter.after(ctx);
        }
    }

    /** The matched route's path template, {@value #STATIC} for a static file, or {@value #NOT_FOUND}. */
    public static String route(Context ctx) {
        Endpoints endpoints = ctx.endpoints();
        // set when the request starts (Observability installs a beforeMatched handler for it), so a
        // request a before-handler stopped (401) still counts under its route
        Endpoint endpoint = endpoints.matchedHttpEndpoint();
        if (endpoint == null) {
            endpoint = endpoints.lastHttpEndpoint();
        }
        if (endpoint == null || endpoint.path.isEmpty()) {
            // no route, yet answered: one of the web app's static files (or its 304)
            return ctx.statusCode() < 400 ? STATIC : NOT_FOUND;
        }
        return endpoint.path;
    }

    /** The request's HTTP method (not X-HTTP-Method-Override), OTHER for anything unusual. */
    static String method(Context ctx) {
        String method = ctx.req().getMethod();
        String upper = method == null ? "" : method.toUpperCase(Locale.ROOT);
        return METHODS.contains(upper) ? upper : "OTHER";
    }

    private Timer timer(String method, String route, int status) {
        String key = method + ' ' + route + ' ' + status;
        return timers.computeIfAbsent(key, k -> Timer.builder(NAME)
                .description("HTTP requests answered by the API")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
    }

    private static void log(Context ctx, String method, String route, int status, double millis) {
        Level level = status >= 500 ? Level.WARN : quiet(route) ? Level.DEBUG : Level.INFO;
        if (!access.isEnabledForLevel(level)) {
            return;
        }
        String path = ctx.path(); // the request URI without its query string
        if (path.length() > MAX_LOGGED_PATH) {
            path = path.substring(0, MAX_LOGGED_PATH) + "...";
        }
        String duration = String.format(Locale.ROOT, "%.1f", millis);
        access.atLevel(level)
                .addKeyValue("method", method)
                .addKeyValue("route", route)
                .addKeyValue("path", path)
                .addKeyValue("status", status)
                .addKeyValue("durationMs", duration)
                .log("{} {} {} {} ms", method, route, status, duration);
    }

    private static boolean quiet(String route) {
        return route.startsWith("/health/") || route.equals(MetricsEndpoint.PATH);
    }
}
