package org.jobrunr.dashboard;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import org.jobrunr.dashboard.server.HttpExchangeHandler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;

/**
 * JobRunr's dashboard server with two headers on every answer of its handlers: nosniff, and a
 * Content-Security-Policy that forbids framing (JobRunr sends its own script policy on its page;
 * a browser enforces both). It sits in JobRunr's package because the methods that create the
 * server's contexts are package-private there: JobRunr's version is pinned, and DashboardTest
 * checks the headers arrive.
 */
public final class HeaderedDashboardWebServer extends JobRunrDashboardWebServer {
    private static final Filter HEADERS = Filter.beforeHandler("security headers", exchange -> {
        exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().add("Content-Security-Policy", "frame-ancestors 'none'");
    });

    public HeaderedDashboardWebServer(StorageProvider storage, JsonMapper jsonMapper, JobRunrDashboardWebServerConfiguration configuration) {
        super(storage, jsonMapper, configuration);
    }

    @Override
    HttpContext registerContext(HttpExchangeHandler handler) {
        return withHeaders(super.registerContext(handler));
    }

    @Override
    HttpContext registerSecuredContext(HttpExchangeHandler handler) {
        return withHeaders(super.registerSecuredContext(handler));
    }

    private static HttpContext withHeaders(HttpContext context) {
        context.getFilters().add(HEADERS);
        return context;
    }
}
