package io.audiojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.audiojobs.api.AuthAndErrorsTest.assertErrorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UploadsTest {
    private final ApiHarness api = ApiHarness.shared();

    @Test
    void presigned_put_then_complete_marks_the_upload_uploaded() {
        String user = ApiHarness.newUser();
        byte[] wav = TestAudio.wav(1);
        JsonNode plan = createUpload(user, "take 1.wav", "audio/wav", wav.length);
        assertThat(plan.get("method").asText()).isEqualTo("PUT");
        assertThat(plan.get("expiresAt").asText()).isNotBlank();

        long id = plan.get("uploadId").asLong();
        assertThat(api.get(user, "/api/v1/uploads/" + id).json().get("status").asText()).isEqualTo("PENDING");
        assertThat(api.putTo(plan, wav)).isEqualTo(200);

        var completed = api.postJson(user, "/api/v1/uploads/" + id + "/complete", Map.of());
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.json().get("status").asText()).isEqualTo("UPLOADED");
        assertThat(api.get(user, "/api/v1/uploads/" + id).json().get("sizeBytes").asLong()).isEqualTo(wav.length);
    }

    @Test
    void presigned_put_is_bound_to_content_type_and_signature() {
        String user = ApiHarness.newUser();
        byte[] wav = TestAudio.wav(0.5);
        JsonNode plan = createUpload(user, "a.wav", "audio/wav", wav.length);
        String url = plan.get("url").asText();

        var wrongType = api.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(wav)).build());
        assertThat(wrongType.status()).isEqualTo(403);

        String tampered = url.replace("X-Amz-Signature=", "X-Amz-Signature=0");
        var forged = api.send(HttpRequest.newBuilder(URI.create(tampered)).header("Content-Type", "audio/wav")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(wav)).build());
        assertThat(forged.status()).isEqualTo(403);

        var longer = api.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "audio/wav")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(wav, wav.length + 100))).build());
        assertThat(longer.status()).isGreaterThanOrEqualTo(400);

        long id = plan.get("uploadId").asLong();
        assertThat(api.postJson(user, "/api/v1/uploads/" + id + "/complete", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void expired_presigned_url_is_refused_by_s3() {
        byte[] wav = TestAudio.wav(0.2);
        var put = api.store.presignPut("uploads/expiry-" + System.nanoTime() + ".wav", "audio/wav", wav.length, Duration.ofSeconds(1));
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        var request = HttpRequest.newBuilder(put.url()).PUT(HttpRequest.BodyPublishers.ofByteArray(wav));
        put.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) {
                request.header(name, value); // every signed header: only the expiry is wrong
            }
        });
        assertThat(api.send(request.build()).status()).isEqualTo(403);
    }

    @Test
    void non_audio_content_type_is_415_and_creates_nothing() {
        var response = api.postJson(ApiHarness.newUser(), "/api/v1/uploads",
                Map.of("filename", "notes.txt", "contentType", "text/plain", "sizeBytes", 100));
        assertThat(response.status()).isEqualTo(415);
        assertErrorBody(response, "UNSUPPORTED_MEDIA_TYPE", "/api/v1/uploads");
    }

    @Test
    void zero_bytes_is_400_and_ten_gigabytes_is_413() {
        String user = ApiHarness.newUser();
        var empty = api.postJson(user, "/api/v1/uploads", Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", 0));
        assertThat(empty.status()).isEqualTo(400);
        assertErrorBody(empty, "EMPTY_UPLOAD", "/api/v1/uploads");

        var huge = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", 10_000_000_000L));
        assertThat(huge.status()).isEqualTo(413);
        assertErrorBody(huge, "UPLOAD_TOO_LARGE", "/api/v1/uploads");
    }

    @Test
    void path_traversal_in_filename_never_reaches_the_object_key() {
        String user = ApiHarness.newUser();
        JsonNode plan = createUpload(user, "../../etc/passwd.wav", "audio/wav", 100);
        assertThat(plan.get("url").asText()).doesNotContain("etc").doesNotContain("..");
        var state = api.get(user, "/api/v1/uploads/" + plan.get("uploadId").asLong()).json();
        assertThat(state.get("filename").asText()).isEqualTo("passwd.wav");
    }

    @Test
    void foreign_upload_is_404() {
        JsonNode plan = createUpload(ApiHarness.newUser(), "a.wav", "audio/wav", 100);
        var response = api.get(ApiHarness.newUser(), "/api/v1/uploads/" + plan.get("uploadId").asLong());
        assertThat(response.status()).isEqualTo(404);
        assertErrorBody(response, "UPLOAD_NOT_FOUND", "/api/v1/uploads/" + plan.get("uploadId").asLong());
    }

    @Test
    void multipart_plan_resumes_from_the_parts_s3_holds_and_completes() {
        String user = ApiHarness.newUser();
        byte[] file = threePartWav();
        JsonNode plan = createUpload(user, "long.wav", "audio/wav", file.length);
        assertThat(plan.get("method").asText()).isEqualTo("MULTIPART");
        int partSize = plan.get("partSize").asInt();
        assertThat(plan.get("parts")).hasSize(3);
        long id = plan.get("uploadId").asLong();

        List<Map<String, Object>> etags = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            etags.add(Map.of("partNumber", n, "etag", putPart(plan.get("parts").get(n - 1).get("url").asText(), file, n, partSize)));
        }
        // the client "crashes"; on resume it asks what S3 holds
        JsonNode state = api.get(user, "/api/v1/uploads/" + id).json();
        assertThat(state.get("status").asText()).isEqualTo("PENDING");
        assertThat(state.get("parts")).hasSize(2);
        assertThat(state.get("missingParts")).hasSize(1);
        assertThat(state.at("/missingParts/0/partNumber").asInt()).isEqualTo(3);

        var early = api.postJson(user, "/api/v1/uploads/" + id + "/complete", Map.of("parts", etags));
        assertThat(early.status()).isEqualTo(409);
        assertErrorBody(early, "UPLOAD_INCOMPLETE", "/api/v1/uploads/" + id + "/complete");

        etags.add(Map.of("partNumber", 3, "etag", putPart(state.at("/missingParts/0/url").asText(), file, 3, partSize)));
        var done = api.postJson(user, "/api/v1/uploads/" + id + "/complete", Map.of("parts", etags));
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        assertThat(done.json().get("status").asText()).isEqualTo("UPLOADED");
        assertThat(done.json().get("sizeBytes").asLong()).isEqualTo(file.length);
    }

    @Test
    void a_part_listed_twice_is_refused_before_s3_and_the_upload_can_still_be_completed() {
        String user = ApiHarness.newUser();
        byte[] file = threePartWav();
        JsonNode plan = createUpload(user, "long.wav", "audio/wav", file.length);
        int partSize = plan.get("partSize").asInt();
        long id = plan.get("uploadId").asLong();
        String first = putPart(plan.at("/parts/0/url").asText(), file, 1, partSize);
        // a part URL is bound to its part's length: a larger body (to park bytes beyond the plan) is refused by S3
        int oversized;
        try {
            oversized = api.send(HttpRequest.newBuilder(URI.create(plan.at("/parts/2/url").asText()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * partSize])).build()).status();
        } catch (IllegalStateException refusedMidBody) {
            oversized = -1; // S3 answered and closed before the whole body was sent
        }
        assertThat(oversized).as("a part larger than planned").isIn(403, -1);
        assertThat(api.get(user, "/api/v1/uploads/" + id).json().get("parts")).as("parts S3 holds").hasSize(1);
        String last = putPart(plan.at("/parts/2/url").asText(), file, 3, partSize);
        // part 1 twice adds up to the declared size when the parts are the same length
        var twice = api.postJson(user, "/api/v1/uploads/" + id + "/complete", Map.of("parts", List.of(
                Map.of("partNumber", 1, "etag", first), Map.of("partNumber", 1, "etag", first), Map.of("partNumber", 3, "etag", last))));
        assertErrorBody(twice, "INVALID_PART", "/api/v1/uploads/" + id + "/complete");

        String second = putPart(plan.at("/parts/1/url").asText(), file, 2, partSize);
        var done = api.postJson(user, "/api/v1/uploads/" + id + "/complete", Map.of("parts", List.of(
                Map.of("partNumber", 1, "etag", first), Map.of("partNumber", 2, "etag", second), Map.of("partNumber", 3, "etag", last))));
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        assertThat(done.json().get("sizeBytes").asLong()).isEqualTo(file.length);
    }

    /** 11 MiB and a little: three parts at the tests' part size, the last a short one; a WAV header first. */
    private static byte[] threePartWav() {
        byte[] file = new byte[11 * 1024 * 1024 + 123];
        System.arraycopy(TestAudio.wav(1), 0, file, 0, 32044);
        return file;
    }

    private String putPart(String url, byte[] file, int partNumber, int partSize) {
        int from = (partNumber - 1) * partSize;
        byte[] part = Arrays.copyOfRange(file, from, Math.min(file.length, from + partSize));
        var response = api.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(part)).build());
        assertThat(response.status()).isEqualTo(200);
        return response.header("ETag");
    }

    private JsonNode createUpload(String user, String filename, String contentType, long size) {
        var response = api.postJson(user, "/api/v1/uploads", Map.of("filename", filename, "contentType", contentType, "sizeBytes", size));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json();
    }
}
