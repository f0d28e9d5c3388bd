package io.audiojobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.api.ApiServer;
import io.audiojobs.api.TestAudio;
import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.javalin.Javalin;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-sent events over real HTTP: a record created through one API node is followed live
 * through another API node, driven by PostgreSQL NOTIFY from the worker's writes.
 */
class LiveEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ApiHarness api;
    private static WorkerProcess worker;
    private static Javalin secondNode;
    private static Database secondDatabase;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        api = ApiHarness.shared();
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("AUTH_JWT_SECRET", ApiHarness.SECRET);
        env.put("API_PORT", "0");
        AppConfig config = AppConfig.from(new Env(env));
        secondDatabase = Database.open(config.database(), "second-api-node");
        var storage = JobStorage.open(secondDatabase.dataSource(), JobStorage.jsonMapper());
        secondNode = ApiServer.create(config, secondDatabase.jdbi(), new S3ObjectStore(config.s3()), new JobRequestScheduler(storage)).start();
        worker = WorkerProcess.onSharedInfrastructure(dir.resolve("work"), dir.resolve("worker.log"), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        secondNode.stop();
        secondDatabase.close();
    }

    @Test
    void a_client_follows_a_record_to_completed_through_another_api_node() throws Exception {
        String user = ApiHarness.newUser();
        byte[] wav = TestAudio.wav(3);
        JsonNode plan = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", wav.length)).json();
        assertThat(api.putTo(plan, wav)).isEqualTo(200);
        long id = api.postJson(user, "/api/v1/records", Map.of("title", "live", "uploadId", plan.get("uploadId").asLong()))
                .json().at("/record/id").asLong();

        // an EventSource cannot send headers: the token goes in the query
        URI stream = URI.create("http://localhost:" + secondNode.port() + "/api/v1/records/" + id + "/events?access_token="
                + ApiHarness.token(user));
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(stream).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");

        List<String> names = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        Iterator<String> lines = response.body().iterator();
        String event = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                names.add(event);
                data.add(JSON.readTree(line.substring(5).trim()));
                if (!"progress".equals(event)) {
                    break;
                }
            }
        }
        assertThat(names.getLast()).isEqualTo("completed");
        assertThat(data.getLast().get("progress").asInt()).isEqualTo(100);
        assertThat(names.subList(0, names.size() - 1)).containsOnly("progress");
        assertThat(names.size()).as("at least the first state and the end").isGreaterThanOrEqualTo(2);
        int previous = -1;
        for (JsonNode status : data) {
            assertThat(status.get("recordId").asLong()).isEqualTo(id);
            assertThat(status.get("progress").asInt()).isGreaterThanOrEqualTo(previous);
            previous = status.get("progress").asInt();
        }
    }

    @Test
    void a_foreign_record_has_no_event_stream() {
        String owner = ApiHarness.newUser();
        byte[] wav = TestAudio.wav(0.5);
        JsonNode plan = api.postJson(owner, "/api/v1/uploads",
                Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", wav.length)).json();
        api.putTo(plan, wav);
        long id = api.postJson(owner, "/api/v1/records", Map.of("title", "mine", "uploadId", plan.get("uploadId").asLong()))
                .json().at("/record/id").asLong();
        var response = api.get(ApiHarness.newUser(), "/api/v1/records/" + id + "/events");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().at("/error/code").asText()).isEqualTo("RECORD_NOT_FOUND");
    }
}
