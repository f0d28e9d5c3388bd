package io.audiojobs.api;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuthAndErrorsTest {
    private final ApiHarness api = ApiHarness.shared();

    @Test
    void request_without_token_is_401_with_error_body() {
        var response = api.get(null, "/api/v1/records");
        assertThat(response.status()).isEqualTo(401);
        assertErrorBody(response, "UNAUTHORIZED", "/api/v1/records");
    }

    @Test
    void token_signed_with_another_secret_is_401() {
        String forged = Tokens.sign("mallory", "another-secret-that-is-also-long-enough!!", Duration.ofHours(1));
        var response = api.send(HttpRequest.newBuilder(api.uri("/api/v1/records"))
                .header("Authorization", "Bearer " + forged).GET().build());
        assertThat(response.status()).isEqualTo(401);
        assertErrorBody(response, "UNAUTHORIZED", "/api/v1/records");
    }

    @Test
    void a_token_whose_subject_holds_control_characters_is_401_not_500() {
        for (String subject : new String[] {"mal\u0000lory", "two\r\nlines", "esc\u001b"}) {
            String token = Tokens.sign(subject, ApiHarness.SECRET, Duration.ofHours(1));
            var response = api.send(HttpRequest.newBuilder(api.uri("/api/v1/records"))
                    .header("Authorization", "Bearer " + token).GET().build());
            assertThat(response.status()).as(subject).isEqualTo(401);
        }
    }

    @Test
    void expired_token_is_401() {
        String expired = Tokens.sign("alice", ApiHarness.SECRET, Duration.ofMinutes(-10));
        var response = api.send(HttpRequest.newBuilder(api.uri("/api/v1/records"))
                .header("Authorization", "Bearer " + expired).GET().build());
        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void token_issued_for_another_application_is_401() {
        String user = ApiHarness.newUser();
        var tokens = Map.of(
                "another audience", Tokens.claims(user, Duration.ofHours(1)).audience("another-app").build(),
                "another issuer", Tokens.claims(user, Duration.ofHours(1)).issuer("https://elsewhere.example/").build(),
                "no audience", Tokens.claims(user, Duration.ofHours(1)).audience((String) null).build(),
                "no issuer", Tokens.claims(user, Duration.ofHours(1)).issuer(null).build());
        tokens.forEach((what, claims) -> {
            var response = withToken(Tokens.sign(claims, ApiHarness.SECRET));
            assertThat(response.status()).as(what).isEqualTo(401);
            assertErrorBody(response, "UNAUTHORIZED", "/api/v1/records");
        });
        assertThat(withToken(Tokens.sign(Tokens.claims(user, Duration.ofHours(1)).build(), ApiHarness.SECRET)).status()).isEqualTo(200);
    }

    @Test
    void token_not_valid_yet_is_401_beyond_the_clock_skew() {
        String user = ApiHarness.newUser();
        var later = Tokens.claims(user, Duration.ofHours(1)).notBeforeTime(Date.from(Instant.now().plusSeconds(45))).build();
        var response = withToken(Tokens.sign(later, ApiHarness.SECRET));
        assertThat(response.status()).isEqualTo(401);
        assertErrorBody(response, "UNAUTHORIZED", "/api/v1/records");

        var slightlyAhead = Tokens.claims(user, Duration.ofHours(1)).notBeforeTime(Date.from(Instant.now().plusSeconds(10))).build();
        assertThat(withToken(Tokens.sign(slightlyAhead, ApiHarness.SECRET)).status()).as("within AUTH_CLOCK_SKEW").isEqualTo(200);
    }

    @Test
    void token_expired_beyond_the_clock_skew_is_401() {
        var expired = Tokens.claims(ApiHarness.newUser(), Duration.ofSeconds(-45)).build();
        assertThat(withToken(Tokens.sign(expired, ApiHarness.SECRET)).status()).isEqualTo(401);
    }

    private ApiHarness.Response withToken(String token) {
        return api.send(HttpRequest.newBuilder(api.uri("/api/v1/records")).header("Authorization", "Bearer " + token).GET().build());
    }

    @Test
    void garbage_token_is_401() {
        var response = api.send(HttpRequest.newBuilder(api.uri("/api/v1/records"))
                .header("Authorization", "Bearer not.a.jwt").GET().build());
        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void unknown_route_is_404_with_error_body() {
        var response = api.get(ApiHarness.newUser(), "/api/v1/nothing-here");
        assertThat(response.status()).isEqualTo(404);
        assertErrorBody(response, "NOT_FOUND", "/api/v1/nothing-here");
    }

    @Test
    void wrong_method_is_405_with_error_body() {
        var response = api.send(api.authorized(ApiHarness.newUser(), "/api/v1/uploads").PUT(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(response.status()).isEqualTo(405);
        assertErrorBody(response, "METHOD_NOT_ALLOWED", "/api/v1/uploads");
    }

    @Test
    void unknown_record_id_is_404_and_non_numeric_id_too() {
        String user = ApiHarness.newUser();
        assertThat(api.get(user, "/api/v1/records/999999999").status()).isEqualTo(404);
        var response = api.get(user, "/api/v1/records/..%2F..%2Fetc");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().at("/error/code").asText()).isIn("RECORD_NOT_FOUND", "NOT_FOUND");
    }

    @Test
    void health_needs_no_token_and_readiness_checks_database_and_storage() {
        assertThat(api.get(null, "/health/live").status()).isEqualTo(200);
        var ready = api.get(null, "/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("database").asText()).isEqualTo("UP");
        assertThat(ready.json().get("storage").asText()).isEqualTo("UP");
    }

    @Test
    void malformed_json_is_400_and_changes_nothing() {
        String user = ApiHarness.newUser();
        var response = api.postJson(user, "/api/v1/records", "{\"title\": \"x\", ");
        assertThat(response.status()).isEqualTo(400);
        assertErrorBody(response, "MALFORMED_JSON", "/api/v1/records");
        assertThat(api.get(user, "/api/v1/records").json().get("items")).isEmpty();
    }

    @Test
    void unknown_field_is_400() {
        var response = api.postJson(ApiHarness.newUser(), "/api/v1/uploads",
                "{\"filename\":\"a.wav\",\"contentType\":\"audio/wav\",\"sizeBytes\":10,\"isAdmin\":true}");
        assertThat(response.status()).isEqualTo(400);
        assertErrorBody(response, "UNKNOWN_FIELD", "/api/v1/uploads");
        assertThat(response.json().at("/error/message").asText()).contains("isAdmin");
    }

    @Test
    void oversized_json_is_413_with_error_body() {
        String huge = "{\"title\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"uploadId\":1}";
        var response = api.postJson(ApiHarness.newUser(), "/api/v1/records", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().at("/error/code").asText()).isNotBlank();
    }

    @Test
    void wrong_content_type_for_json_route_is_415() {
        var response = api.send(api.authorized(ApiHarness.newUser(), "/api/v1/uploads")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")).build());
        assertThat(response.status()).isEqualTo(415);
        assertErrorBody(response, "UNSUPPORTED_MEDIA_TYPE", "/api/v1/uploads");
    }

    static void assertErrorBody(ApiHarness.Response response, String code, String path) {
        var error = response.json().get("error");
        assertThat(error).as("error body of %s", response.text()).isNotNull();
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("timestamp").asText()).isNotBlank();
        assertThat(error.get("path").asText()).isEqualTo(path);
    }
}
