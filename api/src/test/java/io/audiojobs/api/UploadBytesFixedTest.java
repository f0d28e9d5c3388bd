package io.audiojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §7: an upload's bytes are fixed once a record is made of it; nothing else is ever read. */
class UploadBytesFixedTest {
    private final ApiHarness api = ApiHarness.shared();

    @TempDir
    Path dir;

    @Test
    void presigned_put_replayed_after_the_record_exists_is_refused_and_the_object_keeps_its_first_bytes() throws Exception {
        String user = ApiHarness.newUser();
        byte[] first = TestAudio.wav(1);
        JsonNode plan = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "take.wav", "contentType", "audio/wav", "sizeBytes", first.length)).json();
        assertThat(plan.at("/headers/if-none-match").asText()).as("the plan tells the client to send it: %s", plan).isEqualTo("*");
        assertThat(api.putTo(plan, first)).isEqualTo(200);
        long uploadId = plan.get("uploadId").asLong();
        var record = api.postJson(user, "/api/v1/records", Map.of("title", "take", "uploadId", uploadId));
        assertThat(record.status()).as(record.text()).isEqualTo(202);

        byte[] other = Arrays.copyOf(first, first.length);
        Arrays.fill(other, 44, other.length, (byte) 7); // same length: the signature binds the length
        assertThat(api.putTo(plan, other)).as("replayed presigned PUT").isEqualTo(412);

        assertThat(storedSha256(uploadId)).isEqualTo(sha256(first));
    }

    @Test
    void presigned_put_without_the_signed_precondition_is_refused() {
        String user = ApiHarness.newUser();
        byte[] wav = TestAudio.wav(0.5);
        JsonNode plan = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "take.wav", "contentType", "audio/wav", "sizeBytes", wav.length)).json();
        var put = api.send(HttpRequest.newBuilder(URI.create(plan.get("url").asText())).header("Content-Type", "audio/wav")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(wav)).build());
        assertThat(put.status()).as("a client dropping If-None-Match breaks the signature").isEqualTo(403);
    }

    @Test
    void part_put_to_a_completed_multipart_upload_does_not_change_the_object() throws Exception {
        String user = ApiHarness.newUser();
        byte[] file = new byte[7 * 1024 * 1024 + 11];
        System.arraycopy(TestAudio.wav(1), 0, file, 0, 32044);
        JsonNode plan = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "long.wav", "contentType", "audio/wav", "sizeBytes", file.length)).json();
        assertThat(plan.get("method").asText()).isEqualTo("MULTIPART");
        int partSize = plan.get("partSize").asInt();
        long uploadId = plan.get("uploadId").asLong();
        List<Map<String, Object>> etags = new ArrayList<>();
        for (JsonNode part : plan.get("parts")) {
            int n = part.get("partNumber").asInt();
            var put = putPart(part.get("url").asText(), Arrays.copyOfRange(file, (n - 1) * partSize, Math.min(file.length, n * partSize)));
            assertThat(put.status()).isEqualTo(200);
            etags.add(Map.of("partNumber", n, "etag", put.header("ETag")));
        }
        assertThat(api.postJson(user, "/api/v1/uploads/" + uploadId + "/complete", Map.of("parts", etags)).status()).isEqualTo(200);
        assertThat(api.postJson(user, "/api/v1/records", Map.of("title", "long", "uploadId", uploadId)).status()).isEqualTo(202);

        byte[] other = new byte[partSize];
        Arrays.fill(other, (byte) 7);
        // S3 answers 404 NoSuchUpload; S3Proxy takes the part (200) and keeps it aside. Either way the object stays,
        // and no complete can use the part: the upload is UPLOADED and complete does not call S3 again.
        putPart(plan.at("/parts/0/url").asText(), other);
        var again = api.postJson(user, "/api/v1/uploads/" + uploadId + "/complete", Map.of());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("sizeBytes").asLong()).isEqualTo(file.length);

        assertThat(storedSha256(uploadId)).isEqualTo(sha256(file));
        String etag = api.database().jdbi().withHandle(h -> h.createQuery("SELECT etag FROM uploads WHERE id = :id")
                .bind("id", uploadId).mapTo(String.class).one());
        assertThat(etag).as("the record is bound to the completed object's ETag").endsWith("-2\"");
    }

    @Test
    void every_kind_of_upload_binds_its_record_to_the_version_s3_holds() throws Exception {
        String user = ApiHarness.newUser();
        byte[] wav = TestAudio.wav(0.5);
        List<Long> uploads = new ArrayList<>();

        JsonNode put = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "put.wav", "contentType", "audio/wav", "sizeBytes", wav.length)).json();
        assertThat(api.putTo(put, wav)).isEqualTo(200);
        uploads.add(put.get("uploadId").asLong()); // record made while the upload is PENDING: the HEAD's ETag

        JsonNode completed = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "done.wav", "contentType", "audio/wav", "sizeBytes", wav.length)).json();
        assertThat(api.putTo(completed, wav)).isEqualTo(200);
        assertThat(api.postJson(user, "/api/v1/uploads/" + completed.get("uploadId").asLong() + "/complete", Map.of()).status())
                .isEqualTo(200);
        uploads.add(completed.get("uploadId").asLong()); // confirmed first: the ETag of that check

        JsonNode seed = api.postForm(user, "/records/async/presigned-url",
                "originalFilename=seed.wav&fileSize=" + wav.length + "&contentType=audio%2Fwav").json();
        var seedPut = api.send(HttpRequest.newBuilder(URI.create(seed.get("presignedUrl").asText())).header("Content-Type", "audio/wav")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(wav)).build());
        assertThat(seedPut.status()).isEqualTo(200);
        uploads.add(seed.get("uploadId").asLong());

        for (long uploadId : uploads) {
            assertThat(api.postJson(user, "/api/v1/records", Map.of("title", "t", "uploadId", uploadId)).status()).isEqualTo(202);
        }
        var direct = api.postMultipart(user, "/api/v1/records", new Multipart().file("audio", "direct.wav", "audio/wav", wav));
        assertThat(direct.status()).isEqualTo(202);
        uploads.add(direct.json().at("/record/uploadId").asLong());

        for (long uploadId : uploads) {
            var row = api.database().jdbi().withHandle(h -> h.createQuery("SELECT object_key, etag FROM uploads WHERE id = :id")
                    .bind("id", uploadId).mapToMap().one());
            assertThat(row.get("etag")).as("upload %d", uploadId).isNotNull()
                    .isEqualTo(api.store().head((String) row.get("object_key")).orElseThrow().etag());
        }
    }

    private ApiHarness.Response putPart(String url, byte[] bytes) {
        return api.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private String storedSha256(long uploadId) throws Exception {
        String key = api.database().jdbi().withHandle(h -> h.createQuery("SELECT object_key FROM uploads WHERE id = :id")
                .bind("id", uploadId).mapTo(String.class).one());
        Path copy = dir.resolve("object-" + uploadId);
        api.store().download(key, copy);
        return sha256(Files.readAllBytes(copy));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
