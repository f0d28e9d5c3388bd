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
}
