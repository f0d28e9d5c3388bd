package io.audiojobs.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §7: every response carries nosniff; HTML pages a restrictive Content-Security-Policy. */
class SecurityHeadersTest {
    private final ApiHarness api = ApiHarness.shared();

    @Test
    void every_response_says_nosniff_errors_included() {
        String user = ApiHarness.newUser();
        var responses = java.util.Map.of(
                "json", api.get(user, "/api/v1/records"),
                "401", api.get(null, "/api/v1/records"),
                "404", api.get(user, "/api/v1/nothing-here"),
                "405", api.send(api.authorized(null, "/openapi.json").DELETE().build()),
                "400", api.postJson(user, "/api/v1/uploads", "{"),
                "health", api.get(null, "/health/live"),
                "metrics", api.get(null, "/metrics"),
                "docs file", api.get(null, "/docs/swagger-ui.css"));
        responses.forEach((what, response) ->
                assertThat(response.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff"));
    }

    @Test
    void html_pages_carry_a_restrictive_content_security_policy() {
        var docs = api.get(null, "/docs");
        assertThat(docs.header("Content-Type")).startsWith("text/html");
        String policy = docs.header("Content-Security-Policy");
        assertThat(policy).as("CSP of /docs").isNotNull()
                .contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                .contains("object-src 'none'").doesNotContain("unsafe-eval");
        assertThat(policy.replaceAll(".*script-src([^;]*).*", "$1")).doesNotContain("unsafe-inline");
        assertThat(docs.text()).as("no inline script: the policy would block it").doesNotContainPattern("<script>\\s*\\S");
        assertThat(api.get(null, "/docs/init.js").status()).isEqualTo(200);
    }

    @Test
    void the_web_app_allows_no_inline_style_where_the_docs_page_must() {
        String app = api.get(null, "/").header("Content-Security-Policy");
        assertThat(app.replaceAll(".*style-src([^;]*).*", "$1")).isEqualTo(" 'self'");
        assertThat(api.get(null, "/docs").header("Content-Security-Policy")).contains("style-src 'self' 'unsafe-inline'");
    }

    @Test
    void a_request_jetty_refuses_before_any_route_gets_the_error_body_and_the_headers() throws Exception {
        for (String target : java.util.List.of("/app/../../etc/passwd", "/app/..;/x", "/app/%2e%2e/%2e%2e/etc/passwd")) {
            try (var socket = new java.net.Socket("localhost", api.port())) {
                socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
                assertThat(head).as(target).startsWith("http/1.1 4").contains("x-content-type-options: nosniff")
                        .contains("content-security-policy: default-src 'none'; frame-ancestors 'none'")
                        .contains("content-type: application/json");
                assertThat(answer.substring(answer.indexOf("\r\n\r\n"))).as(target).contains("\"error\"").contains("\"code\"")
                        .doesNotContain("<html");
            }
        }
    }
}
