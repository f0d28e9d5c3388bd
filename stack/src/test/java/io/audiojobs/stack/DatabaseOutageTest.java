package io.audiojobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.api.ApiServer;
import io.audiojobs.api.Multipart;
import io.audiojobs.api.TestAudio;
import io.audiojobs.api.Tokens;
import io.audiojobs.embedded.EmbeddedPostgresServer;
import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.javalin.Javalin;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops and comes back while clients keep creating records: the API answers 202 or
 * 503 with Retry-After (never a 500, never a hang), readiness fails meanwhile, the worker carries
 * on afterwards, and every record answered with 202 completes.
 */
class DatabaseOutageTest {
    private static final String SECRET = "outage-test-secret-long-enough-for-hs256!!";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void no_accepted_record_is_lost_when_postgresql_restarts_under_load() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), port);
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("DATABASE_URL", postgres.jdbcUrl());
        env.put("AUTH_JWT_SECRET", SECRET);
        env.put("API_PORT", "0");
        env.put("RETRY_BASE_SECONDS", "1");
        AppConfig config = AppConfig.from(new Env(env));
        Database database = Database.open(config.database(), "outage-api");
        S3ObjectStore store = new S3ObjectStore(config.s3());
        store.ensureBucket();
        var storage = JobStorage.open(database.dataSource(), JobStorage.jsonMapper());
        Javalin api = ApiServer.create(config, database.jdbi(), store, new JobRequestScheduler(storage)).start();
        Map<String, String> workerEnv = new HashMap<>(env);
        workerEnv.put("WORK_DIR", dir.resolve("work").toString());
        WorkerProcess worker = WorkerProcess.start(workerEnv, dir.resolve("worker.log"));
        await().atMost(Duration.ofSeconds(60)).until(() -> java.nio.file.Files.exists(dir.resolve("worker.log"))
                && java.nio.file.Files.readString(dir.resolve("worker.log")).contains("worker started"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = Tokens.sign("outage-user", SECRET, Duration.ofHours(1));
        URI records = URI.create("http://localhost:" + api.port() + "/api/v1/records");

        ConcurrentLinkedQueue<Long> accepted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        byte[] wav = TestAudio.wav(0.5);
        Thread client = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                var form = new Multipart().field("title", "under load").file("audio", "a.wav", "audio/wav", wav);
                long started = System.nanoTime();
                try {
                    var response = http.send(HttpRequest.newBuilder(records).timeout(Duration.ofSeconds(20))
                            .header("Authorization", "Bearer " + token).header("Content-Type", form.contentType())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build(), HttpResponse.BodyHandlers.ofString());
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (response.statusCode() == 202) {
                        accepted.add(JSON.readTree(response.body()).at("/record/id").asLong());
                    } else if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isPresent()
                            && JSON.readTree(response.body()).at("/error/code").asText().endsWith("UNAVAILABLE")) {
                        refused.add(response.body());
                    } else {
                        wrong.add(response.statusCode() + " " + response.body());
                    }
                    if (millis > 10_000) {
                        wrong.add("took " + millis + " ms");
                    }
                    Thread.sleep(50);
                } catch (Exception e) {
                    wrong.add(e.toString());
                }
            }
        });

        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 5);
            postgres.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> refused.size() >= 3);
            var ready = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            int acceptedBefore = accepted.size();

            postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), port);
            await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= acceptedBefore + 5);
            running.set(false);
            client.join();

            assertThat(wrong).as("only 202 or 503 with Retry-After, each within 10 s").isEmpty();
            System.out.printf("database outage: %d records accepted, %d refused with 503 while PostgreSQL was down%n",
                    accepted.size(), refused.size());
            List<Long> ids = List.copyOf(accepted);
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> database.jdbi().withHandle(h ->
                        h.createQuery("SELECT count(*) FROM records WHERE id IN (<ids>) AND status = 'COMPLETED'")
                                .bindList("ids", ids).mapTo(Integer.class).one()) == ids.size());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                System.out.println((Object) database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id, status, progress, failed_reason, job_enqueued FROM records WHERE id IN (<ids>) ORDER BY id")
                        .bindList("ids", ids).mapToMap().list()));
                System.out.println(java.nio.file.Files.readString(dir.resolve("worker.log")));
                throw e;
            }
            assertThat(worker.isAlive()).isTrue();
        } finally {
            running.set(false);
            worker.close();
            api.stop();
            storage.close();
            database.close();
            postgres.close();
        }
    }
}
