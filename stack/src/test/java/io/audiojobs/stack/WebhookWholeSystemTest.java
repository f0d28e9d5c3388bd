package io.audiojobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.api.TestAudio;
import io.audiojobs.worker.webhooks.WebhookSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A record with a webhookUrl announces COMPLETED or FAILED to a real HTTP receiver, signed. */
class WebhookWholeSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ApiHarness api;
    private static WorkerProcess worker;
    private static HttpServer receiver;
    private static final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        // the receiver listens on 127.0.0.1: allowed only with WEBHOOK_ALLOW_PRIVATE_NETWORKS
        api = ApiHarness.custom(Map.of("WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true"));
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean valid = WebhookSigner.verify(ApiHarness.WEBHOOK_SECRET,
                    exchange.getRequestHeaders().getFirst(WebhookSigner.SIGNATURE_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookSigner.TIMESTAMP_HEADER), body,
                    Instant.now(), WebhookSigner.DEFAULT_TOLERANCE);
            received.add(Map.of("body", new String(body), "valid", String.valueOf(valid)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        worker = WorkerProcess.onSharedInfrastructure(dir.resolve("work"), dir.resolve("worker.log"),
                Map.of("WEBHOOK_SECRET", ApiHarness.WEBHOOK_SECRET, "WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        receiver.stop(0);
        api.stop();
    }

    @Test
    void completed_and_failed_records_are_announced_once_with_a_valid_signature() throws Exception {
        String user = ApiHarness.newUser();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        long completed = api.recordOfWav(user, TestAudio.wav(1), Map.of("title", "hooked", "webhookUrl", hook));
        long failed = api.recordOfWav(user, "not audio at all".repeat(20).getBytes(), Map.of("title", "hooked", "webhookUrl", hook));

        await().atMost(Duration.ofSeconds(120)).until(() -> received.size() >= 2);
        Map<Long, JsonNode> byRecord = new HashMap<>();
        for (Map<String, String> delivery : received) {
            assertThat(delivery.get("valid")).as("signature of " + delivery.get("body")).isEqualTo("true");
            JsonNode body = JSON.readTree(delivery.get("body"));
            byRecord.put(body.get("recordId").asLong(), body);
        }
        assertThat(byRecord.get(completed).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(byRecord.get(failed).get("status").asText()).isEqualTo("FAILED");
        assertThat(byRecord.get(completed).get("deliveryId").asText()).isNotBlank();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
    }

    @Test
    void a_webhook_url_that_is_not_http_is_refused() {
        String user = ApiHarness.newUser();
        var plan = api.postJson(user, "/api/v1/uploads", Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", 10)).json();
        var response = api.postJson(user, "/api/v1/records",
                Map.of("title", "t", "uploadId", plan.get("uploadId").asLong(), "webhookUrl", "file:///etc/passwd"));
        assertThat(response.status()).isEqualTo(400);
    }
}
