package io.audiojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.audiojobs.api.AuthAndErrorsTest.assertErrorBody;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §9: bad input gets a clear 4xx and changes nothing — never a 5xx, never silently accepted. */
class RefusedInputTest {
    private final ApiHarness api = ApiHarness.shared();

    @Test
    void nul_character_in_a_json_string_is_400_and_creates_no_record() {
        String user = ApiHarness.newUser();
        long uploadId = uploadedFile(user);
        var response = api.postJson(user, "/api/v1/records", "{\"title\":\"a\\u0000b\",\"uploadId\":" + uploadId + "}");
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertErrorBody(response, "VALIDATION_FAILED", "/api/v1/records");
        assertThat(response.json().at("/error/message").asText()).contains("title");
        assertThat(api.get(user, "/api/v1/records").json().get("items")).isEmpty();

        var upload = api.postJson(user, "/api/v1/uploads",
                "{\"filename\":\"a.wav\",\"contentType\":\"audio/wav\",\"sizeBytes\":10,\"sha256\":\"\\u0000\"}");
        assertThat(upload.status()).as(upload.text()).isEqualTo(400);
    }

    @Test
    void control_characters_in_content_type_or_filename_are_refused_before_anything_is_signed() {
        String user = ApiHarness.newUser();
        var injected = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "a.wav", "contentType", "audio/wav\r\nx-amz-acl: public-read", "sizeBytes", 10));
        assertThat(injected.status()).as(injected.text()).isEqualTo(400);
        assertErrorBody(injected, "VALIDATION_FAILED", "/api/v1/uploads");

        var tab = api.postJson(user, "/api/v1/uploads", Map.of("filename", "a.wav", "contentType", "audio/\twav", "sizeBytes", 10));
        assertThat(tab.status()).isEqualTo(400);

        var filename = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "a\r\nb.wav", "contentType", "audio/wav", "sizeBytes", 10));
        assertThat(filename.status()).as(filename.text()).isEqualTo(400);
        assertErrorBody(filename, "VALIDATION_FAILED", "/api/v1/uploads");

        var seed = api.postForm(user, "/records/async/presigned-url",
                "originalFilename=a.wav&fileSize=10&contentType=audio%2Fwav%0D%0AX-Evil%3A%201");
        assertThat(seed.status()).as(seed.text()).isEqualTo(400);

        assertThat(rowsOf(user, "uploads")).isZero();
    }

    @Test
    void json_scalars_of_the_wrong_type_are_not_coerced() {
        String user = ApiHarness.newUser();
        long uploadId = uploadedFile(user);
        var numberAsTitle = api.postJson(user, "/api/v1/records", "{\"title\":12,\"uploadId\":" + uploadId + "}");
        assertThat(numberAsTitle.status()).as(numberAsTitle.text()).isEqualTo(400);
        assertErrorBody(numberAsTitle, "VALIDATION_FAILED", "/api/v1/records");
        assertThat(numberAsTitle.json().at("/error/message").asText()).contains("title");

        var stringAsId = api.postJson(user, "/api/v1/records", "{\"title\":\"t\",\"uploadId\":\"" + uploadId + "\"}");
        assertThat(stringAsId.status()).as(stringAsId.text()).isEqualTo(400);
        var fractionAsSize = api.postJson(user, "/api/v1/uploads",
                "{\"filename\":\"a.wav\",\"contentType\":\"audio/wav\",\"sizeBytes\":10.5}");
        assertThat(fractionAsSize.status()).as(fractionAsSize.text()).isEqualTo(400);
        var numberAsBoolean = api.postJson(user, "/api/v1/records",
                "{\"title\":\"t\",\"uploadId\":" + uploadId + ",\"deleteAudioAfterProcessing\":1}");
        assertThat(numberAsBoolean.status()).as(numberAsBoolean.text()).isEqualTo(400);
        assertThat(api.get(user, "/api/v1/records").json().get("items")).isEmpty();
    }

    @Test
    void retranscribe_with_a_model_that_does_not_exist_is_400_naming_the_models_and_leaves_the_record_alone() {
        String user = ApiHarness.newUser();
        long uploadId = uploadedFile(user);
        long id = api.postJson(user, "/api/v1/records", Map.of("title", "t", "uploadId", uploadId)).json().at("/record/id").asLong();
        api.database().jdbi().useHandle(h -> {
            h.execute("UPDATE records SET status = 'COMPLETED', progress = 100 WHERE id = ?", id);
            h.execute("INSERT INTO renditions (record_id, kind, object_key, content_type, size_bytes) "
                    + "VALUES (?, 'NORMALIZED_WAV', ?, 'audio/wav', 1)", id, "records/" + id + "/normalized.wav");
        });

        var response = api.postJson(user, "/api/v1/records/" + id + "/retranscribe", Map.of("model", "no-such-model"));
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertErrorBody(response, "UNKNOWN_MODEL", "/api/v1/records/" + id + "/retranscribe");
        assertThat(response.json().at("/error/message").asText()).contains("no-such-model").contains("vosk");
        var unconfigured = api.postJson(user, "/api/v1/records/" + id + "/retranscribe", Map.of("engine", "openai"));
        assertThat(unconfigured.status()).as("this server has no OPENAI_BASE_URL: %s", unconfigured.text()).isEqualTo(400);

        JsonNode record = api.get(user, "/api/v1/records/" + id).json();
        assertThat(record.get("status").asText()).isEqualTo("COMPLETED");
        int runs = api.database().jdbi().withHandle(h -> h.createQuery("SELECT transcription_run FROM records WHERE id = :id")
                .bind("id", id).mapTo(Integer.class).one());
        assertThat(runs).isEqualTo(1);
    }

    @Test
    void json_request_announcing_more_than_the_limit_is_413_at_once_without_its_body() throws Exception {
        try (Socket socket = new Socket("localhost", api.app.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/records HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ApiHarness.token(ApiHarness.newUser()) + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2147483648\r\n\r\n{\"title\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).as("status line, within 5 s").isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void a_charset_this_server_does_not_know_or_a_body_that_is_not_multipart_is_415_not_500() {
        String user = ApiHarness.newUser();
        for (String path : new String[] {"/api/v1/api-keys", "/api/v1/records", "/v1/audio/transcriptions", "/session/s-1/upload"}) {
            for (String type : new String[] {"application/json; charset=bogus", "application/json; charset=@@",
                    "multipart/form-data; boundary=x; charset=nope"}) {
                var response = api.send(api.authorized(user, path).header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build());
                assertThat(response.status()).as("%s with %s: %s", path, type, response.text()).isEqualTo(415);
            }
        }
        for (String path : new String[] {"/v1/audio/transcriptions", "/session/s-2/upload", "/api/v1/records"}) {
            var response = api.send(api.authorized(user, path).POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(response.status()).as("%s without a Content-Type: %s", path, response.text()).isEqualTo(415);
        }
        var openAi = api.send(api.authorized(user, "/v1/audio/transcriptions").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(openAi.json().at("/error/type").asText()).as("OpenAI's error shape").isNotEmpty();
        assertThat(rowsOf(user, "api_keys")).isZero();
    }

    @Test
    void a_title_or_a_key_name_with_control_characters_is_400_and_creates_nothing() {
        String user = ApiHarness.newUser();
        for (String text : new String[] {"a\u0001b", "two\r\nlines", "esc\u001b[2J", "del\u007f"}) {
            var record = api.postJson(user, "/api/v1/records", Map.of("title", text, "uploadId", 1));
            assertThat(record.status()).as("title %s: %s", text, record.text()).isEqualTo(400);
            assertThat(record.json().at("/error/message").asText()).contains("title");
            var key = api.postJson(user, "/api/v1/api-keys", Map.of("name", text));
            assertThat(key.status()).as("key name %s", text).isEqualTo(400);
            var direct = api.postMultipart(user, "/api/v1/records",
                    new Multipart().file("audio", "a.wav", "audio/wav", TestAudio.wav(0.5)).field("title", text));
            assertThat(direct.status()).as("direct upload titled %s", text).isEqualTo(400);
        }
        assertThat(rowsOf(user, "records") + rowsOf(user, "api_keys") + rowsOf(user, "uploads")).isZero();
    }

    @Test
    void an_openai_error_about_a_form_field_names_that_field_as_its_param() {
        String user = ApiHarness.newUser();
        var longPrompt = new Multipart().field("model", "whisper-1").field("prompt", "p".repeat(5_000))
                .file("file", "a.wav", "audio/wav", TestAudio.wav(0.5));
        var repeated = new Multipart().file("file", "a.wav", "audio/wav", TestAudio.wav(0.5));
        for (int i = 0; i < 20; i++) {
            repeated.field("model", "whisper-1");
        }
        var unknown = new Multipart().field("model", "whisper-1").field("colour", "red")
                .file("file", "a.wav", "audio/wav", TestAudio.wav(0.5));
        Map<String, Multipart> forms = Map.of("prompt", longPrompt, "model", repeated, "colour", unknown);
        forms.forEach((field, form) -> {
            var response = api.postMultipart(user, "/v1/audio/transcriptions", form);
            assertThat(response.status()).as(field).isBetween(400, 413);
            assertThat(response.json().at("/error/param").asText()).as(field).isEqualTo(field);
        });
    }

    @Test
    void a_method_a_route_does_not_have_is_405_with_or_without_a_token() {
        for (String user : new String[] {null, ApiHarness.newUser()}) {
            var post = api.send(api.authorized(user, "/health/ready").POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(post.status()).as("POST /health/ready, token: %s", user != null).isEqualTo(405);
            assertErrorBody(post, "METHOD_NOT_ALLOWED", "/health/ready");
            var delete = api.send(api.authorized(user, "/openapi.json").DELETE().build());
            assertThat(delete.status()).as("DELETE /openapi.json, token: %s", user != null).isEqualTo(405);
            assertErrorBody(delete, "METHOD_NOT_ALLOWED", "/openapi.json");
        }
        var put = api.send(api.authorized(null, "/api/v1/uploads").PUT(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(put.status()).isEqualTo(405);
    }

    @Test
    void direct_upload_refused_after_its_file_part_leaves_no_upload_or_object_behind() {
        String user = ApiHarness.newUser();
        Set<String> before = objectKeys();
        var unknownField = new Multipart().file("audio", "a.wav", "audio/wav", TestAudio.wav(0.5)).field("isAdmin", "true");
        var secondFile = new Multipart().file("audio", "a.wav", "audio/wav", TestAudio.wav(0.5))
                .file("audio", "b.wav", "audio/wav", TestAudio.wav(0.5));
        var longTitle = new Multipart().file("audio", "a.wav", "audio/wav", TestAudio.wav(0.5)).field("title", "x".repeat(5000));
        for (Multipart form : new Multipart[] {unknownField, secondFile, longTitle}) {
            var response = api.postMultipart(user, "/api/v1/records", form);
            assertThat(response.status()).as(response.text()).isBetween(400, 413);
        }
        var seed002 = api.postMultipart(user, "/session/s-" + System.nanoTime() + "/upload", unknownField);
        assertThat(seed002.status()).isEqualTo(400);

        assertThat(rowsOf(user, "uploads")).isZero();
        assertThat(objectKeys()).as("objects left in storage").isSubsetOf(before);
    }

    /** How many rows of the table the user owns. */
    private int rowsOf(String user, String table) {
        return api.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table + " WHERE owner_id = :u")
                .bind("u", user).mapTo(Integer.class).one());
    }

    private Set<String> objectKeys() {
        var s3 = api.config.s3();
        try (S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.of(s3.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .build()) {
            return client.listObjectsV2Paginator(r -> r.bucket(s3.bucket()).prefix("uploads/")).contents().stream()
                    .map(S3Object::key).collect(Collectors.toSet());
        }
    }

    private long uploadedFile(String user) {
        byte[] wav = TestAudio.wav(0.2);
        var plan = api.postJson(user, "/api/v1/uploads", Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", wav.length)).json();
        assertThat(api.putTo(plan, wav)).isEqualTo(200);
        return plan.get("uploadId").asLong();
    }
}
