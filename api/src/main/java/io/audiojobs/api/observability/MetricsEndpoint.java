package io.audiojobs.api.observability;

import io.audiojobs.shared.observability.PrometheusMetrics;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** GET /metrics: the registry in Prometheus text format (no bearer token: AuthFilter lets /metrics through). */
public final class MetricsEndpoint implements Handler {
    public static final String PATH = "/metrics";

    private final PrometheusMeterRegistry registry;

    public MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(Context ctx) {
        ctx.contentType(PrometheusMetrics.CONTENT_TYPE).result(registry.scrape());
    }
}
