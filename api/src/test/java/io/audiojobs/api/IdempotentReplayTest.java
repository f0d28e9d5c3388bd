package io.audiojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.audiojobs.shared.records.OriginalAudio;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.audiojobs.api.AuthAndErrorsTest.assertErrorBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays of POSTs whose responses carry presigned URLs (bearer secrets): the stored first response
 * holds no URL, and a replay signs them afresh, never past the upload's own expiry.
 */
class IdempotentReplayTest {
    private final ApiHarness api = ApiHarness.shared();

    @Test
    void a_replayed_put_plan_has_a_url_that_works_and_the_stored_response_holds_no_url() {
        String user = ApiHarness.newUser();
        String key = UUID.randomUUID().toString();
        byte[] wav = TestAudio.wav(0.5);
        String body = json(Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", wav.length));
        var first = post(user, "/api/v1/uploads", key, "application/json", body);
        var replay = post(user, "/api/v1/uploads", key, "application/json", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        JsonNode plan = replay.json();
        assertThat(plan.get("uploadId").asLong()).isEqualTo(first.json().get("uploadId").asLong());
        assertThat(plan.get("method").asText()).isEqualTo("PUT");
        assertThat(Instant.parse(plan.get("expiresAt").asText())).isBeforeOrEqualTo(Instant.parse(first.json().get("expiresAt").asText()));
        assertNoSecretStored(user, key);

        assertThat(api.putTo(plan, wav)).isEqualTo(200);
        var record = api.postJson(user, "/api/v1/records", Map.of("title", "replayed", "uploadId", plan.get("uploadId").asLong()));
        assertThat(record.status()).as(record.text()).isEqualTo(202);
    }

    @Test
    void with_a_trailing_slash_the_stored_response_holds_no_url_either_and_it_is_the_same_request() {
        String user = ApiHarness.newUser();
        String key = UUID.randomUUID().toString();
        String body = json(Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", 1000));
        var first = post(user, "/api/v1/uploads/", key, "application/json", body);
        assertThat(first.status()).isEqualTo(201);
        assertNoSecretStored(user, key);
        var replay = post(user, "/api/v1/uploads", key, "application/json", body);
        assertThat(replay.header("Idempotent-Replayed")).as("the same request, slash or not").isEqualTo("true");
        assertThat(replay.json().get("uploadId").asLong()).isEqualTo(first.json().get("uploadId").asLong());

        String seedKey = UUID.randomUUID().toString();
        var seed = api.send(api.authorized(user, "/records/async/presigned-url/").header("Idempotency-Key", seedKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("originalFilename=a.wav&fileSize=1000&contentType=audio/wav")).build());
        assertThat(seed.status()).as(seed.text()).isBetween(200, 201);
        assertNoSecretStored(user, seedKey);
    }

    @Test
    void a_replayed_multipart_plan_has_part_urls_that_work() {
        String user = ApiHarness.newUser();
        String key = UUID.randomUUID().toString();
        byte[] file = new byte[7 * 1024 * 1024 + 11];
        System.arraycopy(TestAudio.wav(1), 0, file, 0, 32044);
        String body = json(Map.of("filename", "long.wav", "contentType", "audio/wav", "sizeBytes", file.length));
        var first = post(user, "/api/v1/uploads", key, "application/json", body);
        var replay = post(user, "/api/v1/uploads", key, "application/json", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        JsonNode plan = replay.json();
        assertThat(plan.get("method").asText()).isEqualTo("MULTIPART");
        assertThat(plan.get("parts")).hasSize(2);
        assertNoSecretStored(user, key);

        long id = plan.get("uploadId").asLong();
        int partSize = plan.get("partSize").asInt();
        List<Map<String, Object>> etags = new ArrayList<>();
        for (JsonNode part : plan.get("parts")) {
            int n = part.get("partNumber").asInt();
            byte[] bytes = Arrays.copyOfRange(file, (n - 1) * partSize, Math.min(file.length, n * partSize));
            var put = api.send(HttpRequest.newBuilder(URI.create(part.get("url").asText()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
            assertThat(put.status()).isEqualTo(200);
            etags.add(Map.of("partNumber", n, "etag", put.header("ETag")));
        }
        var done = api.postJson(user, "/api/v1/uploads/" + id + "/complete", Map.of("parts", etags));
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        var record = api.postJson(user, "/api/v1/records", Map.of("title", "replayed", "uploadId", id));
        assertThat(record.status()).as(record.text()).isEqualTo(202);
    }

    @Test
    void a_replayed_seed_004_presigned_url_works_and_the_replayed_record_has_a_fresh_public_url() {
        String user = ApiHarness.newUser();
        String key = UUID.randomUUID().toString();
        byte[] wav = TestAudio.wav(0.5);
        String form = "originalFilename=a.wav&fileSize=" + wav.length + "&contentType=audio%2Fwav";
        var first = post(user, "/records/async/presigned-url", key, "application/x-www-form-urlencoded", form);
        var replay = post(user, "/records/async/presigned-url", key, "application/x-www-form-urlencoded", form);

        assertThat(first.status()).isEqualTo(200);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        JsonNode p = replay.json();
        assertThat(p.get("uploadId").asLong()).isEqualTo(first.json().get("uploadId").asLong());
        assertThat(p.get("s3Key").asText()).isEqualTo(first.json().get("s3Key").asText());
        assertNoSecretStored(user, key);

        var put = api.send(HttpRequest.newBuilder(URI.create(p.get("presignedUrl").asText()))
                .header("Content-Type", "audio/wav").PUT(HttpRequest.BodyPublishers.ofByteArray(wav)).build());
        assertThat(put.status()).isEqualTo(200);

        String recordKey = UUID.randomUUID().toString();
        String create = json(Map.of("title", "seed", "uploadId", p.get("uploadId").asLong()));
        var created = post(user, "/records/async", recordKey, "application/json", create);
        var createdAgain = post(user, "/records/async", recordKey, "application/json", create);
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(createdAgain.status()).isEqualTo(200);
        assertThat(createdAgain.json().get("id").asLong()).isEqualTo(created.json().get("id").asLong());
        assertNoSecretStored(user, recordKey);
        // the worker's convert step copies the upload to the record's own key (no worker runs here)
        long recordId = created.json().get("id").asLong();
        api.store().copyIfMatch(p.get("s3Key").asText(), OriginalAudio.key(recordId), null, wav.length);
        var audio = api.send(HttpRequest.newBuilder(URI.create(createdAgain.json().get("publicUrl").asText())).GET().build());
        assertThat(audio.body()).isEqualTo(wav);
    }

    @Test
    void the_replay_of_an_expired_upload_is_upload_expired() {
        String user = ApiHarness.newUser();
        String key = UUID.randomUUID().toString();
        String body = json(Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", 100));
        long id = post(user, "/api/v1/uploads", key, "application/json", body).json().get("uploadId").asLong();
        api.database().jdbi().useHandle(h -> h.createUpdate("UPDATE uploads SET expires_at = now() - interval '1 second' WHERE id = :id")
                .bind("id", id).execute());

        var replay = post(user, "/api/v1/uploads", key, "application/json", body);

        assertThat(replay.status()).isEqualTo(409);
        assertErrorBody(replay, "UPLOAD_EXPIRED", "/api/v1/uploads");
    }

    @Test
    void responses_stored_before_the_upgrade_are_rewritten_without_urls_and_still_replay() throws Exception {
        String user = ApiHarness.newUser();
        String key = UUID.randomUUID().toString();
        String body = json(Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", 100));
        var first = post(user, "/api/v1/uploads", key, "application/json", body);
        setStoredBody(user, key, first.text()); // as the API stored it before: the whole plan, URL and signature
        assertThat(storedBody(user, key)).contains("X-Amz-Signature");

        String migration;
        try (var sql = getClass().getResourceAsStream("/db/migration/V11__idempotency_keys_secret_free.sql")) {
            migration = new String(sql.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        int start = migration.indexOf("UPDATE idempotency_keys");
        String rewrite = migration.substring(start, migration.indexOf(';', start) + 1);
        api.database().jdbi().useHandle(h -> h.execute(rewrite));

        assertThat(ApiHarness.JSON.readTree(storedBody(user, key)))
                .isEqualTo(ApiHarness.JSON.readTree("{\"uploadId\":" + first.json().get("uploadId").asLong() + "}"));
        var replay = post(user, "/api/v1/uploads", key, "application/json", body);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().get("url").asText()).contains("X-Amz-Signature");
    }

    private void setStoredBody(String user, String key, String body) {
        api.database().jdbi().useHandle(h -> h.createUpdate("UPDATE idempotency_keys SET body = :b WHERE owner_id = :u AND key = :k")
                .bind("b", body).bind("u", user).bind("k", key).execute());
    }

    private String storedBody(String user, String key) {
        return api.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT body FROM idempotency_keys WHERE owner_id = :u AND key = :k")
                .bind("u", user).bind("k", key).mapTo(String.class).one());
    }

    private void assertNoSecretStored(String user, String key) {
        assertThat(storedBody(user, key)).as("the stored first response").isNotBlank()
                .doesNotContainIgnoringCase("X-Amz-").doesNotContainIgnoringCase("signature").doesNotContain("http");
    }

    private ApiHarness.Response post(String user, String path, String key, String contentType, String body) {
        return api.send(api.authorized(user, path).header("Content-Type", contentType).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String json(Object value) {
        try {
            return ApiHarness.JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
