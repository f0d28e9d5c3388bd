package io.audiojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed documents' own contracts, called the way their clients call them. */
class SeedContractsTest {
    private final ApiHarness api = ApiHarness.shared();

    @Test
    void seed_004_presigned_url_accepts_form_urlencoded_and_the_flow_completes() {
        String user = ApiHarness.newUser();
        byte[] wav = TestAudio.wav(1);
        var presigned = api.postForm(user, "/records/async/presigned-url",
                "originalFilename=my-recording.wav&fileSize=" + wav.length + "&contentType=audio%2Fwav&durationSeconds=1");
        assertThat(presigned.status()).as(presigned.text()).isEqualTo(200);
        JsonNode p = presigned.json();
        assertThat(p.get("uploadId").isNumber()).isTrue();
        assertThat(p.get("s3Key").asText()).startsWith("uploads/");
        assertThat(p.get("expirationTime").asText()).isNotBlank();

        var put = api.send(HttpRequest.newBuilder(URI.create(p.get("presignedUrl").asText()))
                .header("Content-Type", "audio/wav").PUT(HttpRequest.BodyPublishers.ofByteArray(wav)).build());
        assertThat(put.status()).isEqualTo(200);

        var created = api.postJson(user, "/records/async",
                Map.of("title", "내 첫 번째 녹음", "uploadId", p.get("uploadId").asLong(), "songId", 67890, "durationSeconds", 1));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        JsonNode record = created.json();
        for (String field : new String[] {"id", "title", "userId", "songId", "uploadId", "durationSeconds", "processingStatus",
                "s3Key", "publicUrl", "createdAt", "updatedAt"}) {
            assertThat(record.has(field)).as(field).isTrue();
        }
        assertThat(record.get("processingStatus").asText()).isEqualTo("PROCESSING");
        assertThat(record.get("userId").asText()).isEqualTo(user);
        assertThat(record.get("title").asText()).isEqualTo("내 첫 번째 녹음");

        long id = record.get("id").asLong();
        // the record's own copy of the upload, which the presigned URL (no If-None-Match) cannot replace
        assertThat(api.get(user, "/records/async/" + id).json().get("s3Key").asText()).isEqualTo("records/" + id + "/original");
        assertThat(api.get(user, "/records/async/me").json()).extracting(n -> n.get("id").asLong()).containsExactly(id);
        assertThat(api.get(ApiHarness.newUser(), "/records/async/" + id).status()).isEqualTo(404);

        var again = api.postJson(user, "/records/async", Map.of("title", "again", "uploadId", p.get("uploadId").asLong()));
        assertThat(again.status()).isEqualTo(409);

        assertThat(api.delete(user, "/records/async/" + id).status()).isEqualTo(204);
        assertThat(api.get(user, "/records/async/" + id).status()).isEqualTo(404);
    }

    @Test
    void seed_004_presigned_url_accepts_multipart_form_fields_as_its_browser_client_sends() {
        String user = ApiHarness.newUser();
        var form = new Multipart().field("originalFilename", "recording.mp3").field("fileSize", "2048")
                .field("contentType", "audio/mpeg").field("durationSeconds", "3");
        var response = api.postMultipart(user, "/records/async/presigned-url", form);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.json().get("presignedUrl").asText()).contains("X-Amz-Signature");
    }

    @Test
    void seed_004_presigned_url_with_a_duration_out_of_range_is_400_not_500() {
        for (String duration : new String[] {"99999999999", "-5"}) {
            var response = api.postForm(ApiHarness.newUser(), "/records/async/presigned-url",
                    "originalFilename=a.wav&fileSize=1000&contentType=audio%2Fwav&durationSeconds=" + duration);
            assertThat(response.status()).as(duration).isEqualTo(400);
            assertThat(response.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
        }
    }

    @Test
    void seed_004_presigned_url_without_file_size_is_400() {
        var response = api.postForm(ApiHarness.newUser(), "/records/async/presigned-url",
                "originalFilename=a.mp3&contentType=audio%2Fmpeg");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void seed_002_session_upload_answers_queued_and_job_status_reports_it() {
        String user = ApiHarness.newUser();
        String session = "session-" + System.nanoTime();
        var form = new Multipart().file("audio", "voice.wav", "audio/wav", TestAudio.wav(1));
        var response = api.postMultipart(user, "/session/" + session + "/upload", form);
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        JsonNode queued = response.json();
        assertThat(queued.get("sessionId").asText()).isEqualTo(session);
        assertThat(queued.get("status").asText()).isEqualTo("QUEUED");
        assertThat(queued.get("jobId").asText()).isNotBlank();
        assertThat(queued.get("message").asText()).isNotBlank();

        JsonNode status = api.get(user, "/session/" + session + "/job-status").json();
        assertThat(status.get("sessionId").asText()).isEqualTo(session);
        assertThat(status.get("jobId").asText()).isEqualTo(queued.get("jobId").asText());
        assertThat(status.get("status").asText()).isEqualTo("QUEUED");
        assertThat(status.get("progress").asInt()).isZero();
        assertThat(status.get("attemptsMade").asInt()).isZero();
        assertThat(status.get("timestamp").asLong()).isPositive();
        assertThat(status.has("failedReason")).isTrue();

        assertThat(api.get(ApiHarness.newUser(), "/session/" + session + "/job-status").status()).isEqualTo(404);
        var second = api.postMultipart(user, "/session/" + session + "/upload",
                new Multipart().file("audio", "voice.wav", "audio/wav", TestAudio.wav(1)));
        assertThat(second.status()).isEqualTo(409);
    }
}
