package io.audiojobs.api.observability;

import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Request ids, HTTP metrics, access logs and GET /metrics for the API, in one call made inside
 * {@code Javalin.create(config -> ...)} BEFORE any other before-handler (the auth filter), so that
 * a request refused by auth still has its id, its X-Request-Id header and its log line:
 *
 * <pre>{@code
 * Javalin.create(javalin -> {
 *     Observability.install(javalin, registry);
 *     ErrorHandlers.register(javalin.routes);
 *     javalin.routes.beforeMatched(authFilter);
 *     ...
 * });
 * }</pre>
 */
public final class Observability {
    private Observability() {}

    public static void install(JavalinConfig config, PrometheusMeterRegistry registry) {
        config.routes.before(new RequestIdFilter());
        // A beforeMatched handler makes Javalin resolve the matched endpoint when the request starts
        // (Endpoints#matchedHttpEndpoint), so a request stopped by a before-handler is still
        // measured under its route template rather than NOT_FOUND. It does nothing itself.
        config.routes.beforeMatched(ctx -> {});
        config.requestLogger.http(new HttpMetrics(registry));
        config.routes.get(MetricsEndpoint.PATH, new MetricsEndpoint(registry));
    }
}
