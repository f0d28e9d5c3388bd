package io.audiojobs.stack;

import io.audiojobs.api.ApiHarness;
import io.audiojobs.api.Multipart;
import io.audiojobs.api.TestAudio;
import io.audiojobs.embedded.EmbeddedS3Server;
import io.audiojobs.embedded.Infrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S3 goes away: uploads through the API answer 503 with Retry-After, readiness fails, a conversion
 * that meets the outage is retried with backoff and completes once S3 is back.
 */
class StorageOutageTest {
    @TempDir
    Path dir;

    @Test
    void uploads_fail_softly_and_conversions_are_retried_until_s3_returns() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedS3Server s3 = EmbeddedS3Server.start(dir.resolve("s3"), port, Infrastructure.S3_ACCESS_KEY, Infrastructure.S3_SECRET_KEY);
        Map<String, String> overrides = Map.of("S3_ENDPOINT", s3.endpoint().toString(), "S3_BUCKET", "outage");
        ApiHarness api = ApiHarness.custom(overrides);
        WorkerProcess worker = null;
        try {
            String user = ApiHarness.newUser();
            // a record accepted while S3 is up, whose conversion will meet the outage
            var accepted = api.postMultipart(user, "/api/v1/records",
                    new Multipart().field("title", "before").file("audio", "a.wav", "audio/wav", TestAudio.wav(1)));
            assertThat(accepted.status()).isEqualTo(202);
            long id = accepted.json().at("/record/id").asLong();

            s3.close();
            var refused = api.postMultipart(user, "/api/v1/records",
                    new Multipart().field("title", "during").file("audio", "a.wav", "audio/wav", TestAudio.wav(1)));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("STORAGE_UNAVAILABLE");
            var ready = api.get(null, "/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("storage").asText()).isEqualTo("DOWN");

            Map<String, String> settings = new HashMap<>(overrides);
            settings.put("RETRY_ATTEMPTS", "6");
            settings.put("RETRY_BASE_SECONDS", "2");
            worker = WorkerProcess.onSharedInfrastructure(dir.resolve("work"), dir.resolve("worker.log"), settings);
            Path log = dir.resolve("worker.log");
            // the first attempt meets the outage and fails for now (the step shows the error)
            await().atMost(Duration.ofSeconds(60)).until(() -> !api.get(user, "/api/v1/records/" + id + "/job-status")
                    .json().at("/steps/0/error").isNull());
            var during = api.get(user, "/api/v1/records/" + id + "/job-status").json();
            assertThat(during.get("status").asText()).isNotEqualTo("FAILED");

            s3 = EmbeddedS3Server.start(dir.resolve("s3"), port, Infrastructure.S3_ACCESS_KEY, Infrastructure.S3_SECRET_KEY);
            var done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.get(user, "/api/v1/records/" + id + "/job-status").json(),
                            st -> st.get("status").asText().equals("COMPLETED") || st.get("status").asText().equals("FAILED"));
            assertThat(done.get("status").asText()).as(done + "\n" + Files.readString(log)).isEqualTo("COMPLETED");
            assertThat(done.at("/steps/0/attempts").asInt()).as("the conversion was retried").isGreaterThanOrEqualTo(2);
            assertThat(api.get(null, "/health/ready").status()).isEqualTo(200);
        } finally {
            if (worker != null) {
                worker.close();
            }
            api.stop();
            s3.close();
        }
    }
}
