package io.audiojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.shared.records.OriginalAudio;
import io.audiojobs.shared.uploads.Upload;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.shared.uploads.UploadMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static io.audiojobs.api.AuthAndErrorsTest.assertErrorBody;
import static org.assertj.core.api.Assertions.assertThat;

class RecordsTest {
    private final ApiHarness api = ApiHarness.shared();

    @Test
    void record_from_a_finished_upload_is_accepted_with_job_and_status_url() {
        String user = ApiHarness.newUser();
        long uploadId = uploadedFile(user, TestAudio.wav(1));
        var response = api.postJson(user, "/api/v1/records", Map.of("title", "First take", "uploadId", uploadId, "language", "en"));
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        JsonNode body = response.json();
        long id = body.at("/record/id").asLong();
        assertThat(body.at("/record/status").asText()).isEqualTo("QUEUED");
        assertThat(body.get("jobId").asText()).isNotBlank();
        assertThat(body.get("statusUrl").asText()).isEqualTo("/api/v1/records/" + id + "/job-status");

        JsonNode status = api.get(user, body.get("statusUrl").asText()).json();
        assertThat(status.get("recordId").asLong()).isEqualTo(id);
        assertThat(status.get("jobId").asText()).isEqualTo(body.get("jobId").asText());
        assertThat(status.get("status").asText()).isEqualTo("QUEUED");
        assertThat(status.get("progress").asInt()).isZero();
        assertThat(status.get("attemptsMade").asInt()).isZero();
        assertThat(status.has("failedReason")).isTrue();
        assertThat(status.get("updatedAt").asText()).isNotBlank();
        assertThat(status.at("/steps/0/name").asText()).isEqualTo("convert");
        assertThat(status.at("/steps/0/status").asText()).isEqualTo("PENDING");
    }

    @Test
    void second_record_for_the_same_upload_is_409_even_when_concurrent() throws Exception {
        String user = ApiHarness.newUser();
        long uploadId = uploadedFile(user, TestAudio.wav(1));
        Callable<Integer> create = () -> api.postJson(user, "/api/v1/records", Map.of("title", "t", "uploadId", uploadId)).status();
        try (var pool = Executors.newFixedThreadPool(4)) {
            var results = pool.invokeAll(java.util.Collections.nCopies(4, create));
            Set<Integer> statuses = new HashSet<>();
            int accepted = 0;
            for (var r : results) {
                statuses.add(r.get());
                accepted += r.get() == 202 ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(1);
            assertThat(statuses).containsOnly(202, 409);
        }
        assertThat(api.get(user, "/api/v1/records").json().get("items")).hasSize(1);
    }

    @Test
    void record_for_an_upload_that_never_arrived_is_409() {
        String user = ApiHarness.newUser();
        var plan = api.postJson(user, "/api/v1/uploads", Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", 100)).json();
        var response = api.postJson(user, "/api/v1/records", Map.of("title", "t", "uploadId", plan.get("uploadId").asLong()));
        assertThat(response.status()).isEqualTo(409);
        assertErrorBody(response, "UPLOAD_INCOMPLETE", "/api/v1/records");
    }

    @Test
    void a_record_marks_its_single_put_upload_uploaded_and_gets_every_step() {
        String user = ApiHarness.newUser();
        long uploadId = uploadedFile(user, TestAudio.wav(1));
        assertThat(api.get(user, "/api/v1/uploads/" + uploadId).json().get("status").asText()).isEqualTo("PENDING");
        long id = api.postJson(user, "/api/v1/records", Map.of("title", "t", "uploadId", uploadId)).json().at("/record/id").asLong();

        assertThat(api.get(user, "/api/v1/uploads/" + uploadId).json().get("status").asText()).isEqualTo("UPLOADED");
        JsonNode steps = api.get(user, "/api/v1/records/" + id + "/job-status").json().get("steps");
        assertThat(steps.findValuesAsText("name")).containsExactly("convert", "transcribe", "analyze");
    }

    @Test
    void record_for_an_expired_upload_is_409_and_changes_nothing() {
        String user = ApiHarness.newUser();
        long uploadId = uploadedFile(user, TestAudio.wav(1));
        api.database().jdbi().useHandle(h -> h.execute("UPDATE uploads SET status = 'EXPIRED' WHERE id = ?", uploadId));

        var response = api.postJson(user, "/api/v1/records", Map.of("title", "t", "uploadId", uploadId));
        assertThat(response.status()).isEqualTo(409);
        assertErrorBody(response, "UPLOAD_EXPIRED", "/api/v1/records");
        assertThat(api.get(user, "/api/v1/uploads/" + uploadId).json().get("status").asText()).isEqualTo("EXPIRED");
        assertThat(api.get(user, "/api/v1/records").json().get("items")).isEmpty();
    }

    @Test
    void record_for_foreign_upload_is_not_found() {
        long uploadId = uploadedFile(ApiHarness.newUser(), TestAudio.wav(1));
        var response = api.postJson(ApiHarness.newUser(), "/api/v1/records", Map.of("title", "t", "uploadId", uploadId));
        assertThat(response.status()).isEqualTo(404);
        assertErrorBody(response, "UPLOAD_NOT_FOUND", "/api/v1/records");
    }

    @Test
    void a_webhook_into_the_servers_own_network_is_400_and_leaves_the_upload_usable() {
        String user = ApiHarness.newUser();
        long uploadId = uploadedFile(user, TestAudio.wav(1));
        var response = api.postJson(user, "/api/v1/records",
                Map.of("title", "t", "uploadId", uploadId, "webhookUrl", "http://169.254.169.254/latest/meta-data"));
        assertThat(response.status()).isEqualTo(400);
        assertErrorBody(response, "VALIDATION_FAILED", "/api/v1/records");
        assertThat(response.text()).contains("WEBHOOK_ALLOW_PRIVATE_NETWORKS");
        assertThat(api.postJson(user, "/api/v1/records", Map.of("title", "ok", "uploadId", uploadId,
                "webhookUrl", "https://hooks.example.com/audio")).status()).isEqualTo(202);
    }

    @Test
    void record_without_title_is_400_and_leaves_the_upload_usable() {
        String user = ApiHarness.newUser();
        long uploadId = uploadedFile(user, TestAudio.wav(1));
        var response = api.postJson(user, "/api/v1/records", Map.of("uploadId", uploadId));
        assertThat(response.status()).isEqualTo(400);
        assertErrorBody(response, "VALIDATION_FAILED", "/api/v1/records");
        assertThat(api.postJson(user, "/api/v1/records", Map.of("title", "ok", "uploadId", uploadId)).status()).isEqualTo(202);
    }

    @Test
    void foreign_record_is_404_on_every_route() {
        String owner = ApiHarness.newUser();
        long id = createRecord(owner, "mine");
        String other = ApiHarness.newUser();
        for (String path : new String[] {"", "/job-status", "/audio"}) {
            var response = api.get(other, "/api/v1/records/" + id + path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertErrorBody(response, "RECORD_NOT_FOUND", "/api/v1/records/" + id + path);
        }
        assertThat(api.delete(other, "/api/v1/records/" + id).status()).isEqualTo(404);
        assertThat(api.get(owner, "/api/v1/records/" + id).status()).isEqualTo(200);
    }

    @Test
    void list_is_newest_first_with_cursor_pagination() {
        String user = ApiHarness.newUser();
        long first = createRecord(user, "one");
        long second = createRecord(user, "two");
        long third = createRecord(user, "three");
        createRecord(ApiHarness.newUser(), "someone else's");

        JsonNode page1 = api.get(user, "/api/v1/records?limit=2").json();
        assertThat(page1.get("items")).extracting(n -> n.get("id").asLong()).containsExactly(third, second);
        String cursor = page1.get("nextCursor").asText();
        JsonNode page2 = api.get(user, "/api/v1/records?limit=2&cursor=" + cursor).json();
        assertThat(page2.get("items")).extracting(n -> n.get("id").asLong()).containsExactly(first);
        assertThat(page2.get("nextCursor").isNull()).isTrue();

        assertThat(api.get(user, "/api/v1/records?cursor=bogus!").status()).isEqualTo(400);
        assertThat(api.get(user, "/api/v1/records?limit=0").status()).isEqualTo(400);
    }

    @Test
    void original_audio_url_downloads_with_a_plain_http_client() {
        String user = ApiHarness.newUser();
        byte[] wav = TestAudio.wav(1);
        long uploadId = uploadedFile(user, wav);
        long id = api.postJson(user, "/api/v1/records", Map.of("title", "t", "uploadId", uploadId)).json().at("/record/id").asLong();
        sealAsTheWorkerWould(id);
        JsonNode audio = api.get(user, "/api/v1/records/" + id + "/audio?rendition=original").json();
        assertThat(audio.get("expiresAt").asText()).isNotBlank();
        var download = api.send(HttpRequest.newBuilder(URI.create(audio.get("url").asText())).GET().build());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(wav);

        var mp3 = api.get(user, "/api/v1/records/" + id + "/audio?rendition=mp3");
        assertThat(mp3.status()).isEqualTo(404);
        assertErrorBody(mp3, "RENDITION_NOT_AVAILABLE", "/api/v1/records/" + id + "/audio");
        assertThat(api.get(user, "/api/v1/records/" + id + "/audio?rendition=flac").status()).isEqualTo(400);
    }

    @Test
    void original_audio_is_not_offered_before_the_record_has_its_own_copy_of_the_upload() {
        String user = ApiHarness.newUser();
        long uploadId = uploadedFile(user, TestAudio.wav(1));
        long id = api.postJson(user, "/api/v1/records", Map.of("title", "t", "uploadId", uploadId)).json().at("/record/id").asLong();

        var notYet = api.get(user, "/api/v1/records/" + id + "/audio?rendition=original");
        assertThat(notYet.status()).isEqualTo(404);
        assertErrorBody(notYet, "RENDITION_NOT_AVAILABLE", "/api/v1/records/" + id + "/audio");
        assertThat(notYet.json().at("/error/message").asText()).contains("not available yet");
    }

    @Test
    void original_audio_of_a_completed_record_that_asked_for_deletion_is_not_offered() {
        String user = ApiHarness.newUser();
        long uploadId = uploadedFile(user, TestAudio.wav(1));
        long id = api.postJson(user, "/api/v1/records", Map.of("title", "t", "uploadId", uploadId, "deleteAudioAfterProcessing", true))
                .json().at("/record/id").asLong();
        sealAsTheWorkerWould(id);
        assertThat(api.get(user, "/api/v1/records/" + id + "/audio").status()).as("still there while processing").isEqualTo(200);
        api.database().jdbi().useHandle(h -> h.execute("UPDATE records SET status = 'COMPLETED', progress = 100 WHERE id = ?", id));
        var gone = api.get(user, "/api/v1/records/" + id + "/audio?rendition=original");
        assertThat(gone.status()).isEqualTo(404);
        assertErrorBody(gone, "RENDITION_NOT_AVAILABLE", "/api/v1/records/" + id + "/audio");
    }

    @Test
    void delete_removes_record_upload_and_objects() {
        String user = ApiHarness.newUser();
        long uploadId = uploadedFile(user, TestAudio.wav(1));
        long id = api.postJson(user, "/api/v1/records", Map.of("title", "t", "uploadId", uploadId)).json().at("/record/id").asLong();
        sealAsTheWorkerWould(id);
        String url = api.get(user, "/api/v1/records/" + id + "/audio").json().get("url").asText();
        String uploadKey = api.database().jdbi().withHandle(h -> h.createQuery("SELECT object_key FROM uploads WHERE id = :id")
                .bind("id", uploadId).mapTo(String.class).one());

        assertThat(api.delete(user, "/api/v1/records/" + id).status()).isEqualTo(204);
        assertThat(api.store().head(uploadKey)).isEmpty();
        assertThat(api.store().head(OriginalAudio.key(id))).isEmpty();
        assertThat(api.get(user, "/api/v1/records/" + id).status()).isEqualTo(404);
        assertThat(api.get(user, "/api/v1/uploads/" + uploadId).status()).isEqualTo(404);
        assertThat(api.send(HttpRequest.newBuilder(URI.create(url)).GET().build()).status()).isEqualTo(404);
        assertThat(api.delete(user, "/api/v1/records/" + id).status()).isEqualTo(404);
    }

    @Test
    void direct_multipart_upload_streams_to_s3_and_creates_the_record() {
        String user = ApiHarness.newUser();
        byte[] wav = TestAudio.wav(12); // larger than one 8 MiB streaming part? no: 384 KB, one PUT
        byte[] big = new byte[20 * 1024 * 1024];
        System.arraycopy(wav, 0, big, 0, wav.length);
        for (byte[] file : new byte[][] {wav, big}) {
            var form = new Multipart().field("title", "Direct").file("audio", "../evil name.wav", "audio/wav", file);
            var response = api.postMultipart(user, "/api/v1/records", form);
            assertThat(response.status()).as(response.text()).isEqualTo(202);
            long id = response.json().at("/record/id").asLong();
            assertThat(response.json().at("/record/title").asText()).isEqualTo("Direct");
            sealAsTheWorkerWould(id);
            String url = api.get(user, "/api/v1/records/" + id + "/audio").json().get("url").asText();
            assertThat(api.send(HttpRequest.newBuilder(URI.create(url)).GET().build()).body()).isEqualTo(file);
        }
    }

    @Test
    void direct_upload_without_audio_field_or_with_text_type_is_rejected() {
        String user = ApiHarness.newUser();
        var missing = api.postMultipart(user, "/api/v1/records", new Multipart().field("title", "x"));
        assertThat(missing.status()).isEqualTo(400);
        var text = api.postMultipart(user, "/api/v1/records",
                new Multipart().file("audio", "notes.txt", "text/plain", "hello".getBytes()));
        assertThat(text.status()).isEqualTo(415);
        var empty = api.postMultipart(user, "/api/v1/records", new Multipart().file("audio", "a.wav", "audio/wav", new byte[0]));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(api.get(user, "/api/v1/records").json().get("items")).isEmpty();
    }

    @Test
    void refused_direct_upload_leaves_no_upload_or_object_behind() {
        String user = ApiHarness.newUser();
        var form = new Multipart().field("language", "not a language!").file("audio", "a.wav", "audio/wav", TestAudio.wav(1));
        var response = api.postMultipart(user, "/api/v1/records", form);
        assertThat(response.status()).isEqualTo(400);
        int uploads = api.database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM uploads WHERE owner_id = :u")
                .bind("u", user).mapTo(Integer.class).one());
        assertThat(uploads).isZero();
    }

    long createRecord(String user, String title) {
        long uploadId = uploadedFile(user, TestAudio.wav(0.2));
        var response = api.postJson(user, "/api/v1/records", Map.of("title", title, "uploadId", uploadId));
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        return response.json().at("/record/id").asLong();
    }

    /** What the worker's convert step does first (no worker runs here): the record's own copy of the version it was made of. */
    private void sealAsTheWorkerWould(long recordId) {
        Upload upload = api.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT u.* FROM uploads u JOIN records r ON r.upload_id = u.id WHERE r.id = :id")
                .bind("id", recordId).map(new UploadMapper()).one());
        assertThat(upload.etag()).as("bound to a version").isNotBlank();
        assertThat(api.store().copyIfMatch(upload.objectKey(), OriginalAudio.key(recordId), upload.etag(), upload.sizeBytes())).isTrue();
        api.database().jdbi().useExtension(UploadDao.class, dao -> dao.markSealed(upload.id()));
    }

    long uploadedFile(String user, byte[] bytes) {
        var plan = api.postJson(user, "/api/v1/uploads", Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", bytes.length)).json();
        assertThat(api.putTo(plan, bytes)).isEqualTo(200);
        return plan.get("uploadId").asLong();
    }
}
