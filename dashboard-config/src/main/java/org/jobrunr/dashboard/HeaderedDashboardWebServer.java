package org.jobrunr.dashboard;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import org.jobrunr.dashboard.server.HttpExchangeHandler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

/**
 * JobRunr's dashboard server with two headers on every answer of its handlers: nosniff, and a
 * Content-Security-Policy that forbids framing (JobRunr sends its own script policy on its page;
 * a browser enforces both). A change (requeue, trigger, delete) coming from another site is refused
 * with 403: a browser resends the admin's Basic credentials with a form another page posts here,
 * and JobRunr's routes check no token of their own. It sits in JobRunr's package because the methods that create the
 * server's contexts are package-private there: JobRunr's version is pinned, and DashboardTest
 * checks the headers arrive.
 */
public final class HeaderedDashboardWebServer extends JobRunrDashboardWebServer {
    private static final Filter HEADERS = Filter.beforeHandler("security headers", exchange -> {
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy", "frame-ancestors 'none'");
    });
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Filter SAME_ORIGIN_CHANGES = new Filter() {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            if (!READS.contains(exchange.getRequestMethod()) && fromAnotherSite(exchange)) {
                exchange.sendResponseHeaders(403, -1);
                exchange.close();
                return;
            }
            chain.doFilter(exchange);
        }

        @Override
        public String description() {
            return "changes from this origin only";
        }
    };

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
        if (!context.getFilters().contains(HEADERS)) { // a secured context is also registered as a plain one
            context.getFilters().add(HEADERS);
            context.getFilters().add(SAME_ORIGIN_CHANGES);
        }
        return context;
    }

    /**
     * What the browser says of where the request comes from: Sec-Fetch-Site (every current browser),
     * else an Origin whose host and port are not the ones asked. Tools that send neither (curl) pass.
     */
    static boolean fromAnotherSite(HttpExchange exchange) {
        String site = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (site != null) {
            return !site.equals("same-origin") && !site.equals("none");
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin == null) {
            return false;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        try {
            return host == null || !host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
