package io.audiojobs.api;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static io.audiojobs.api.AuthAndErrorsTest.assertErrorBody;
import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyAndRateLimitTest {
    private final ApiHarness api = ApiHarness.shared();

    @Test
    void the_same_key_and_body_replays_the_first_response_and_another_body_is_422() {
        String user = ApiHarness.newUser();
        long uploadId = uploaded(user);
        String body = "{\"title\":\"once\",\"uploadId\":" + uploadId + "}";
        var first = post(user, "/api/v1/records", "key-1", body);
        var again = post(user, "/api/v1/records", "key-1", body);
        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().at("/record/id").asLong()).isEqualTo(first.json().at("/record/id").asLong());

        var other = post(user, "/api/v1/records", "key-1", "{\"title\":\"another\",\"uploadId\":" + uploadId + "}");
        assertThat(other.status()).isEqualTo(422);
        assertErrorBody(other, "IDEMPOTENCY_KEY_REUSED", "/api/v1/records");
        assertThat(api.get(user, "/api/v1/records").json().get("items")).hasSize(1);
    }

    @Test
    void concurrent_duplicates_with_one_key_create_one_record() throws Exception {
        String user = ApiHarness.newUser();
        long uploadId = uploaded(user);
        String body = "{\"title\":\"concurrent\",\"uploadId\":" + uploadId + "}";
        Callable<ApiHarness.Response> call = () -> post(user, "/api/v1/records", "same-key", body);
        try (var pool = Executors.newFixedThreadPool(6)) {
            List<ApiHarness.Response> responses = pool.invokeAll(java.util.Collections.nCopies(6, call)).stream()
                    .map(f -> {
                        try {
                            return f.get();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
            Set<Long> ids = new HashSet<>();
            for (var response : responses) {
                assertThat(response.status()).as(response.text()).isEqualTo(202);
                ids.add(response.json().at("/record/id").asLong());
            }
            assertThat(ids).hasSize(1);
        }
        assertThat(api.get(user, "/api/v1/records").json().get("items")).hasSize(1);
    }

    @Test
    void keys_belong_to_their_user() {
        String alice = ApiHarness.newUser();
        String bob = ApiHarness.newUser();
        var a = post(alice, "/api/v1/uploads", "shared-key", "{\"filename\":\"a.wav\",\"contentType\":\"audio/wav\",\"sizeBytes\":10}");
        var b = post(bob, "/api/v1/uploads", "shared-key", "{\"filename\":\"a.wav\",\"contentType\":\"audio/wav\",\"sizeBytes\":10}");
        assertThat(b.status()).isEqualTo(201);
        assertThat(b.json().get("uploadId").asLong()).isNotEqualTo(a.json().get("uploadId").asLong());
    }

    @Test
    void writes_beyond_the_per_user_limit_get_429_with_retry_after_and_reads_do_not() {
        ApiHarness limited = ApiHarness.custom(Map.of("RATE_LIMIT_WRITES_PER_MINUTE", "3"));
        try {
            String user = ApiHarness.newUser();
            String body = "{\"filename\":\"a.wav\",\"contentType\":\"audio/wav\",\"sizeBytes\":10}";
            for (int i = 0; i < 3; i++) {
                assertThat(limited.postJson(user, "/api/v1/uploads", body).status()).isEqualTo(201);
            }
            var refused = limited.postJson(user, "/api/v1/uploads", body);
            assertThat(refused.status()).isEqualTo(429);
            assertErrorBody(refused, "TOO_MANY_REQUESTS", "/api/v1/uploads");
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
            assertThat(limited.get(user, "/api/v1/records").status()).isEqualTo(200);
            assertThat(limited.postJson(ApiHarness.newUser(), "/api/v1/uploads", body).status()).as("another user").isEqualTo(201);
        } finally {
            limited.stop();
        }
    }

    private long uploaded(String user) {
        byte[] wav = TestAudio.wav(0.2);
        var plan = api.postJson(user, "/api/v1/uploads", Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", wav.length)).json();
        assertThat(api.putTo(plan, wav)).isEqualTo(200);
        return plan.get("uploadId").asLong();
    }

    private ApiHarness.Response post(String user, String path, String key, String json) {
        return api.send(api.authorized(user, path).header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }
}
