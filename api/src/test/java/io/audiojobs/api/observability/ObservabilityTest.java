package io.audiojobs.api.observability;

import io.audiojobs.shared.observability.JsonLogCapture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.api.Tokens;
import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.api.auth.Authenticator;
import io.audiojobs.api.http.ErrorHandlers;
import io.audiojobs.api.http.Json;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.observability.PrometheusMetrics;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small Javalin app set up the way ApiServer is meant to be: Observability.install first, then the
 * product's ErrorHandlers and AuthFilter, then routes.
 */
class ObservabilityTest {
    private static final Logger log = LoggerFactory.getLogger(ObservabilityTest.class);
    private static final String SECRET = "observability-test-secret-long-enough-for-hs256";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PrometheusMeterRegistry registry;
    private static Javalin app;
    private static JsonLogCapture logs;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String token = Tokens.sign("alice", SECRET, Duration.ofHours(1));

    @BeforeAll
    static void start() {
        registry = PrometheusMetrics.newRegistry();
        logs = JsonLogCapture.attach();
        var authFilter = new AuthFilter(new Authenticator(new AppConfig.Auth(Optional.of(SECRET), Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(30), Duration.ofMinutes(1))));
        app = Javalin.create(javalin -> {
            javalin.jsonMapper(new JavalinJackson(Json.mapper(), false));
            javalin.http.prefer405over404 = true;
            javalin.jetty.port = 0;
            javalin.startup.showJavalinBanner = false;

            Observability.install(javalin, registry);
            var routes = javalin.routes;
            ErrorHandlers.register(routes);
            routes.before(authFilter);
            routes.get("/health/live", ctx -> ctx.result("ok"));
            routes.get("/api/v1/records/{id}", ctx -> {
                log.info("reading record {}", ctx.pathParam("id"));
                ctx.json(Map.of("id", ctx.pathParam("id"), "requestIdInMdc", String.valueOf(MDC.get("requestId"))));
            });
            routes.get("/boom", ctx -> {
                throw new IllegalStateException("kaboom \"quoted\"\nsecond line");
            });
        }).start();
    }

    @AfterAll
    static void stop() {
        app.stop();
        logs.close();
    }

    @Test
    void a_request_without_an_id_gets_a_generated_one_back_and_in_its_logs() throws Exception {
        var response = get("/api/v1/records/5", Map.of("Authorization", "Bearer " + token));
        assertThat(response.statusCode()).isEqualTo(200);
        String id = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).matches(UUID_PATTERN);
        assertThat(JSON.readTree(response.body()).get("requestIdInMdc").asText()).isEqualTo(id);

        JsonNode handlerLine = line(l -> l.path("formattedMessage").asText().equals("reading record 5") && id.equals(mdc(l, "requestId")));
        assertThat(handlerLine.path("level").asText()).isEqualTo("INFO");
        assertThat(handlerLine.path("loggerName").asText()).isEqualTo(ObservabilityTest.class.getName());
        assertThat(handlerLine.path("timestamp").asLong()).isPositive();
        assertThat(handlerLine.path("threadName").asText()).isNotEmpty();
    }

    @Test
    void a_sane_caller_id_is_echoed_and_an_unsafe_one_replaced() throws Exception {
        var echoed = get("/api/v1/records/6", Map.of("Authorization", "Bearer " + token, "X-Request-Id", "client-req.42_A"));
        assertThat(echoed.headers().firstValue("X-Request-Id")).contains("client-req.42_A");
        assertThat(JSON.readTree(echoed.body()).get("requestIdInMdc").asText()).isEqualTo("client-req.42_A");

        for (String unsafe : List.of("a".repeat(65), "has space", "semi;colon", "quote\"d")) {
            var replaced = get("/api/v1/records/6", Map.of("Authorization", "Bearer " + token, "X-Request-Id", unsafe));
            assertThat(replaced.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches(UUID_PATTERN));
        }
    }

    @Test
    void every_answer_carries_the_id_even_errors_and_refusals() throws Exception {
        var refused = get("/api/v1/records/7", Map.of("X-Request-Id", "refused-1"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("X-Request-Id")).contains("refused-1");

        var notFound = get("/no/such/route", Map.of("Authorization", "Bearer " + token, "X-Request-Id", "missing-1"));
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("X-Request-Id")).contains("missing-1");

        var failed = get("/boom", Map.of("Authorization", "Bearer " + token, "X-Request-Id", "boom-1"));
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("X-Request-Id")).contains("boom-1");

        // the error's log line: its id, and the exception with its stack as JSON
        JsonNode error = line(l -> "boom-1".equals(mdc(l, "requestId")) && l.path("level").asText().equals("ERROR"));
        assertThat(error.path("throwable").path("className").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(error.path("throwable").path("message").asText()).isEqualTo("kaboom \"quoted\"\nsecond line");
        assertThat(error.path("throwable").path("stepArray").size()).isPositive();
        JsonNode access = accessLine("boom-1");
        assertThat(access.path("level").asText()).isEqualTo("WARN");
        assertThat(JsonLogCapture.kv(access, "status")).isEqualTo("500");
    }

    @Test
    void metrics_count_requests_by_route_template_method_and_status() throws Exception {
        for (String id : List.of("101", "102", "103")) {
            get("/api/v1/records/" + id, Map.of("Authorization", "Bearer " + token));
        }
        get("/api/v1/records/104", Map.of()); // 401 from the auth before-handler: still its route
        get("/nothing/here/" + System.nanoTime(), Map.of("Authorization", "Bearer " + token));

        var scrape = get("/metrics", Map.of());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        String text = scrape.body();
        assertThat(count(text, "GET", "/api/v1/records/{id}", "200")).isGreaterThanOrEqualTo(3);
        assertThat(count(text, "GET", "/api/v1/records/{id}", "401")).isGreaterThanOrEqualTo(1);
        assertThat(count(text, "GET", "NOT_FOUND", "404")).isGreaterThanOrEqualTo(1);
        assertThat(text).contains("http_server_requests_seconds_bucket{")
                .contains("http_server_requests_seconds_sum{")
                .doesNotContain("route=\"/api/v1/records/101\"")
                .doesNotContain("/nothing/here");
        // JVM metrics are the caller's to bind (JvmMetrics.bindTo); this registry has only HTTP ones
    }

    @Test
    void the_access_log_has_method_route_status_duration_and_the_request_id() throws Exception {
        get("/api/v1/records/77", Map.of("Authorization", "Bearer " + token, "X-Request-Id", "access-1"));
        JsonNode access = accessLine("access-1");
        assertThat(access.path("level").asText()).isEqualTo("INFO");
        assertThat(JsonLogCapture.kv(access, "method")).isEqualTo("GET");
        assertThat(JsonLogCapture.kv(access, "route")).isEqualTo("/api/v1/records/{id}");
        assertThat(JsonLogCapture.kv(access, "path")).isEqualTo("/api/v1/records/77");
        assertThat(JsonLogCapture.kv(access, "status")).isEqualTo("200");
        assertThat(Double.parseDouble(JsonLogCapture.kv(access, "durationMs"))).isGreaterThanOrEqualTo(0);
        assertThat(access.path("formattedMessage").asText()).startsWith("GET /api/v1/records/{id} 200 ");
    }

    @Test
    void tokens_signatures_and_the_authorization_header_are_never_logged() throws Exception {
        String leakyQuery = "?X-Amz-Signature=sig0secret0value&access_token=abc.def.ghi&token=" + token;
        var refused = get("/api/v1/records/8" + leakyQuery, Map.of("Authorization", "Bearer abc.def.ghi", "X-Request-Id", "secret-1"));
        assertThat(refused.statusCode()).isEqualTo(401);
        var served = get("/api/v1/records/9" + leakyQuery, Map.of("Authorization", "Bearer " + token, "X-Request-Id", "secret-2"));
        assertThat(served.statusCode()).isEqualTo(200);
        var failed = get("/boom" + leakyQuery, Map.of("Authorization", "Bearer " + token, "X-Request-Id", "secret-3"));
        assertThat(failed.statusCode()).isEqualTo(500);

        accessLine("secret-1");
        accessLine("secret-2");
        accessLine("secret-3");
        for (String line : logs.lines()) {
            assertThat(line).doesNotContain("abc.def.ghi").doesNotContain("sig0secret0value").doesNotContain(token)
                    .doesNotContain("Bearer").doesNotContain("X-Amz-Signature");
        }
        assertThat(registry.scrape()).doesNotContain("abc.def.ghi").doesNotContain("sig0secret0value");
    }

    @Test
    void probes_and_scrapes_are_measured_but_not_logged_at_info() throws Exception {
        get("/health/live", Map.of("X-Request-Id", "probe-1"));
        assertThat(logs.parsed()).noneMatch(l -> "probe-1".equals(mdc(l, "requestId")));
        assertThat(count(registry.scrape(), "GET", "/health/live", "200")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void every_captured_line_is_one_json_object() {
        assertThat(logs.parsed()).isNotEmpty(); // parsed() fails on any line that is not
    }

    // --- helpers

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String mdc(JsonNode line, String key) {
        JsonNode value = line.path("mdc").get(key);
        return value == null ? null : value.asText();
    }

    private static JsonNode line(java.util.function.Predicate<JsonNode> match) throws InterruptedException {
        // the access log is written after the response: give it a moment
        for (int i = 0; i < 50; i++) {
            Optional<JsonNode> found = logs.parsed().stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such log line in:\n" + String.join("", logs.lines()));
    }

    private static JsonNode accessLine(String requestId) throws InterruptedException {
        return line(l -> l.path("loggerName").asText().equals(HttpMetrics.ACCESS_LOGGER) && requestId.equals(mdc(l, "requestId")));
    }

    /** The _count of http_server_requests_seconds for one method, route and status, 0 if absent. */
    private static double count(String scrape, String method, String route, String status) {
        Pattern line = Pattern.compile("^http_server_requests_seconds_count\\{(.*)} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("method=\"" + method + "\"") && labels.contains("route=\"" + route + "\"")
                    && labels.contains("status=\"" + status + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
