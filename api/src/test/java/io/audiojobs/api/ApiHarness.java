package io.audiojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.javalin.Javalin;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The API on a random port over real embedded PostgreSQL and S3, plus an HTTP client to call it. */
public final class ApiHarness {
    public static final String SECRET = "test-secret-that-is-long-enough-for-hs256!";
    public static final String WEBHOOK_SECRET = "webhook-secret-for-the-whole-system-tests";
    static final ObjectMapper JSON = new ObjectMapper();

    private static ApiHarness shared;

    final AppConfig config;
    final Database database;
    final S3ObjectStore store;
    final StorageProvider jobStorage;
    final Javalin app;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApiHarness() {
        this(Map.of());
    }

    private ApiHarness(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("AUTH_JWT_SECRET", SECRET);
        env.put("AUTH_JWT_ISSUER", Tokens.ISSUER);
        env.put("AUTH_JWT_AUDIENCE", Tokens.AUDIENCE);
        env.put("WEBHOOK_SECRET", WEBHOOK_SECRET);
        env.put("API_PORT", "0");
        env.put("MULTIPART_THRESHOLD_BYTES", "6MiB");
        env.put("MULTIPART_PART_BYTES", "5MiB");
        env.put("MAX_UPLOAD_BYTES", "64MiB");
        env.putAll(overrides);
        config = AppConfig.from(new Env(env));
        database = Database.open(config.database(), "api-test");
        store = new S3ObjectStore(config.s3());
        store.ensureBucket();
        jobStorage = JobStorage.open(database.dataSource(), JobStorage.jsonMapper());
        app = ApiServer.create(config, database.jdbi(), store, new JobRequestScheduler(jobStorage)).start();
    }

    /** A second API on the same database and S3, with some settings changed (stop it with {@link #stop()}). */
    public static ApiHarness custom(Map<String, String> overrides) {
        return new ApiHarness(overrides);
    }

    public void stop() {
        app.stop();
        jobStorage.close();
        database.close();
    }

    public static synchronized ApiHarness shared() {
        if (shared == null) {
            shared = new ApiHarness();
        }
        return shared;
    }

    public S3ObjectStore store() {
        return store;
    }

    public Database database() {
        return database;
    }

    public static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    public static String token(String user) {
        return Tokens.sign(user, SECRET, Duration.ofHours(1));
    }

    public int port() {
        return app.port();
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + app.port() + path);
    }

    public Response get(String user, String path) {
        return send(authorized(user, path).GET().build());
    }

    public Response delete(String user, String path) {
        return send(authorized(user, path).DELETE().build());
    }

    public Response postJson(String user, String path, Object body) {
        try {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(authorized(user, path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(text)).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Response postMultipart(String user, String path, Multipart form) {
        return send(authorized(user, path).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build());
    }

    public Response postForm(String user, String path, String urlEncoded) {
        return send(authorized(user, path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlEncoded)).build());
    }

    public HttpRequest.Builder authorized(String user, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        return user == null ? builder : builder.header("Authorization", "Bearer " + token(user));
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A presigned-URL call made the way a browser or curl would: no credentials, only the signed headers. */
    public int putTo(JsonNode plan, byte[] bytes) {
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(plan.get("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        plan.path("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        return send(put.build()).status();
    }

    /**
     * A WAV uploaded through a presigned PUT and a record made of it, as a client does; {@code fields}
     * go into {@code POST /records} beside the upload (title, language, webhookUrl ...). The record's id.
     */
    public long recordOfWav(String user, byte[] wav, Map<String, Object> fields) {
        JsonNode plan = postJson(user, "/api/v1/uploads",
                Map.of("filename", "speech.wav", "contentType", "audio/wav", "sizeBytes", wav.length)).json();
        int put = putTo(plan, wav);
        if (put != 200) {
            throw new IllegalStateException("the presigned PUT answered " + put);
        }
        Map<String, Object> body = new HashMap<>(fields);
        body.put("uploadId", plan.get("uploadId").asLong());
        Response accepted = postJson(user, "/api/v1/records", body);
        if (accepted.status() != 202) {
            throw new IllegalStateException("POST /records answered " + accepted.status() + ": " + accepted.text());
        }
        return accepted.json().at("/record/id").asLong();
    }

    /** The record's job-status once it is COMPLETED or FAILED (polled). */
    public JsonNode awaitFinal(String user, long recordId, Duration timeout) {
        return org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> get(user, "/api/v1/records/" + recordId + "/job-status").json(),
                        s -> s.get("status").asText().equals("COMPLETED") || s.get("status").asText().equals("FAILED"));
    }

    public record Response(int status, byte[] body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON (" + status + "): " + text(), e);
            }
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }
}
