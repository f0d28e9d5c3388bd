package io.audiojobs.worker.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.audiojobs.embedded.EmbeddedPostgresServer;
import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.records.RecordStatus;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.shared.uploads.UploadMethod;
import io.audiojobs.shared.uploads.UploadStatus;
import io.audiojobs.shared.jobs.JobWork;
import io.audiojobs.shared.webhooks.DeliverWebhook;
import io.audiojobs.shared.webhooks.DeliverWebhookHandler;
import io.audiojobs.shared.webhooks.WebhookDelivery;
import io.audiojobs.shared.webhooks.WebhookDeliveryDao;
import io.audiojobs.shared.webhooks.WebhookDeliveryState;
import io.audiojobs.shared.webhooks.WebhookTargets;
import io.audiojobs.shared.webhooks.Webhooks;
import io.audiojobs.worker.pipeline.BackoffRetryFilter;
import io.audiojobs.worker.pipeline.StepHandlers;
import io.audiojobs.worker.wakeup.JobRunrOnboarding;
import io.audiojobs.worker.wakeup.JobWakeUpListener;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

/**
 * Signed webhook deliveries run by a real JobRunr background job server (with the product's backoff
 * filter, RETRY_BASE_SECONDS=1) against a real HTTP receiver on 127.0.0.1. The test has a database
 * of its own on the shared embedded PostgreSQL: its job server knows only the webhook handler and
 * must not take other test classes' jobs.
 */
class WebhookDeliveryTest {
    private static final String SECRET = "whsec-test-secret-0123456789abcdefghijkl";
    /** 3 attempts in all (WEBHOOK_ATTEMPTS=3). */
    private static final int RETRIES = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Database database;
    private static StorageProvider storage;
    private static JobRequestScheduler scheduler;
    private static WebhookDeliveryJob deliveryJob;
    /** Delivers the URLs under {@link #GUARDED} as a worker with the default WEBHOOK_ALLOW_PRIVATE_NETWORKS=false does. */
    private static WebhookDeliveryJob guardedJob;
    private static final String GUARDED = "/guarded/";
    private static BackgroundJobServer server;
    private static JobWakeUpListener wakeUp;
    private static Receiver receiver;
    private static final Webhooks webhooks = new Webhooks(RETRIES);

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("DATABASE_URL", ownDatabase("webhooks_test"));
        env.put("RETRY_BASE_SECONDS", "1");
        AppConfig config = AppConfig.from(new Env(env));
        database = Database.open(config.database(), "webhook-test");
        var jsonMapper = JobStorage.jsonMapper();
        storage = JobStorage.open(database.dataSource(), jsonMapper);
        scheduler = new JobRequestScheduler(storage);
        deliveryJob = new WebhookDeliveryJob(database.jdbi(), SECRET, RETRIES, new WebhookTargets(true));
        guardedJob = new WebhookDeliveryJob(database.jdbi(), SECRET, RETRIES, new WebhookTargets(false));
        JobWork<DeliverWebhook> byUrl = (request, context) ->
                (delivery(request.deliveryId()).url().contains(GUARDED) ? guardedJob : deliveryJob).run(request, context);
        server = new BackgroundJobServer(storage, jsonMapper,
                new StepHandlers(Map.of(DeliverWebhookHandler.class, new DeliverWebhookHandler(byUrl))),
                usingStandardBackgroundJobServerConfiguration().andPollIntervalInSeconds(5).andWorkerCount(4));
        server.setJobFilters(List.of(new BackoffRetryFilter(config.retry().baseSeconds())));
        server.start();
        // instant pickup of enqueued deliveries, as on a worker node; retries still wait for the poll
        wakeUp = new JobWakeUpListener(config.database(), new JobRunrOnboarding(() -> server)).start();
        receiver = new Receiver();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.isRunning() && !server.isNotReadyToProcessJobs()
                && wakeUp.isListening());
    }

    @AfterAll
    static void stop() {
        if (wakeUp != null) wakeUp.close();
        if (server != null) server.stop();
        if (deliveryJob != null) deliveryJob.close();
        if (guardedJob != null) guardedJob.close();
        if (receiver != null) receiver.close();
        if (storage != null) storage.close();
        if (database != null) database.close();
    }

    @Test
    void a_completed_record_is_posted_once_signed_with_its_fields_and_marked_delivered() throws Exception {
        String path = receiver.newPath();
        Record record = seed(receiver.url(path), RecordStatus.COMPLETED);

        Optional<UUID> id = webhooks.announce(database.jdbi(), scheduler, record, RecordStatus.COMPLETED);

        UUID deliveryId = Webhooks.deliveryId(record.id(), RecordStatus.COMPLETED);
        assertThat(id).contains(deliveryId);
        WebhookDelivery delivered = awaitState(deliveryId, WebhookDeliveryState.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(delivered.lastStatusCode()).isEqualTo(204);
        assertThat(delivered.lastError()).isNull();
        assertThat(delivered.deliveredAt()).isNotNull();

        List<Received> requests = receiver.requests(path);
        assertThat(requests).hasSize(1);
        Received request = requests.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("audiojobs-webhooks");
        assertThat(request.header("X-Audiojobs-Delivery")).isEqualTo(deliveryId.toString());
        long timestamp = Long.parseLong(request.header("X-Audiojobs-Timestamp"));
        assertThat(timestamp).isBetween(request.at().getEpochSecond() - 30, request.at().getEpochSecond() + 1);
        assertThat(request.header("X-Audiojobs-Signature")).startsWith("v1=").hasSize(3 + 64);
        assertThat(WebhookSigner.verify(SECRET, request.header("X-Audiojobs-Signature"),
                request.header("X-Audiojobs-Timestamp"), request.body(), Instant.now(), WebhookSigner.DEFAULT_TOLERANCE)).isTrue();

        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("recordId").asLong()).isEqualTo(record.id());
        assertThat(body.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(body.get("deliveryId").asText()).isEqualTo(deliveryId.toString());
        assertThat(body.size()).isEqualTo(3);
        assertThat(status(record.id())).isEqualTo(RecordStatus.COMPLETED);

        Job job = storage.getJobById(deliveryId);
        assertThat(job.getState()).isEqualTo(StateName.SUCCEEDED);
        assertThat(job.getJobName()).isEqualTo("webhook record " + record.id());
        assertThat(job.getLabels()).containsExactly("record:" + record.id(), "step:webhook");
    }

    @Test
    void a_failed_record_announces_FAILED_under_its_own_delivery_id() throws Exception {
        String path = receiver.newPath();
        Record record = seed(receiver.url(path), RecordStatus.FAILED);

        UUID deliveryId = webhooks.announce(database.jdbi(), scheduler, record.id(), RecordStatus.FAILED).orElseThrow();

        assertThat(deliveryId).isEqualTo(Webhooks.deliveryId(record.id(), RecordStatus.FAILED))
                .isNotEqualTo(Webhooks.deliveryId(record.id(), RecordStatus.COMPLETED));
        awaitState(deliveryId, WebhookDeliveryState.DELIVERED);
        JsonNode body = JSON.readTree(receiver.requests(path).getFirst().body());
        assertThat(body.get("status").asText()).isEqualTo("FAILED");
        assertThat(body.get("deliveryId").asText()).isEqualTo(deliveryId.toString());
        assertThat(status(record.id())).isEqualTo(RecordStatus.FAILED);
    }

    @Test
    void a_receiver_answering_500_twice_then_200_is_retried_with_backoff_until_delivered() {
        String path = receiver.newPath();
        receiver.script(path, 500, 500);
        Record record = seed(receiver.url(path), RecordStatus.COMPLETED);

        UUID deliveryId = webhooks.announce(database.jdbi(), scheduler, record, RecordStatus.COMPLETED).orElseThrow();

        WebhookDelivery delivered = awaitState(deliveryId, WebhookDeliveryState.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(3);
        assertThat(delivered.lastStatusCode()).isEqualTo(200);
        assertThat(delivered.lastError()).isNull();

        List<Received> requests = receiver.requests(path);
        assertThat(requests).hasSize(3);
        // the same delivery and body every time, each attempt freshly signed
        assertThat(requests).extracting(r -> r.header("X-Audiojobs-Delivery")).containsOnly(deliveryId.toString());
        assertThat(requests).extracting(r -> new String(r.body(), StandardCharsets.UTF_8)).containsOnly(new String(requests.getFirst().body(), StandardCharsets.UTF_8));
        assertThat(requests).allSatisfy(r -> assertThat(WebhookSigner.verify(SECRET, r.header("X-Audiojobs-Signature"),
                r.header("X-Audiojobs-Timestamp"), r.body(), Instant.now(), WebhookSigner.DEFAULT_TOLERANCE)).isTrue());

        // JobRunr scheduled each retry with the product's backoff: 1 s, then 2 s
        assertThat(await().atMost(Duration.ofSeconds(5)).until(() -> storage.getJobById(deliveryId),
                job -> job.getState() == StateName.SUCCEEDED)).satisfies(job -> assertThat(backoffs(job))
                .hasSize(2)
                .satisfies(b -> assertThat(b.get(0)).isBetween(Duration.ofMillis(900), Duration.ofMillis(1_900)))
                .satisfies(b -> assertThat(b.get(1)).isBetween(Duration.ofMillis(1_900), Duration.ofMillis(2_900))));
        assertThat(status(record.id())).isEqualTo(RecordStatus.COMPLETED);
    }

    @Test
    void a_receiver_that_always_fails_ends_FAILED_after_the_configured_attempts_and_the_record_is_untouched() {
        String path = receiver.newPath();
        receiver.always(path, 503, "down for maintenance");
        Record record = seed(receiver.url(path), RecordStatus.COMPLETED);

        UUID deliveryId = webhooks.announce(database.jdbi(), scheduler, record, RecordStatus.COMPLETED).orElseThrow();

        WebhookDelivery failed = awaitState(deliveryId, WebhookDeliveryState.FAILED);
        assertThat(failed.attempts()).isEqualTo(RETRIES + 1);
        assertThat(failed.lastStatusCode()).isEqualTo(503);
        assertThat(failed.lastError()).contains("HTTP 503").contains("down for maintenance")
                .doesNotContain(path); // the URL's path may hold a token: only host and port are reported
        assertThat(failed.deliveredAt()).isNull();
        Job job = await().atMost(Duration.ofSeconds(10)).until(() -> storage.getJobById(deliveryId),
                j -> j.getState() == StateName.FAILED);
        assertThat(job.getJobStates().stream().filter(FailedState.class::isInstance)).hasSize(RETRIES + 1);
        assertThat(receiver.requests(path)).hasSize(RETRIES + 1);
        assertThat(status(record.id())).isEqualTo(RecordStatus.COMPLETED);
    }

    @Test
    void announcing_twice_creates_one_delivery_row_and_one_job() {
        String path = receiver.newPath();
        Record record = seed(receiver.url(path), RecordStatus.COMPLETED);

        UUID first = webhooks.announce(database.jdbi(), scheduler, record, RecordStatus.COMPLETED).orElseThrow();
        UUID second = webhooks.announce(database.jdbi(), scheduler, record, RecordStatus.COMPLETED).orElseThrow();

        assertThat(second).isEqualTo(first);
        awaitState(first, WebhookDeliveryState.DELIVERED);
        await().atMost(Duration.ofSeconds(5)).until(() -> storage.getJobById(first).getState() == StateName.SUCCEEDED);
        // a third announcement after the delivery: still one row, one job, nothing sent again
        assertThat(webhooks.announce(database.jdbi(), scheduler, record, RecordStatus.COMPLETED)).contains(first);
        assertThat(deliveries(record.id())).hasSize(1).first()
                .satisfies(d -> assertThat(d.attempts()).isEqualTo(1));
        assertThat(jobsMentioning(first)).isEqualTo(1);
        assertThat(storage.getJobById(first).getState()).isEqualTo(StateName.SUCCEEDED);
        assertThat(receiver.requests(path)).hasSize(1);
    }

    @Test
    void a_record_without_a_webhook_url_announces_nothing() {
        Record record = seed(null, RecordStatus.COMPLETED);

        assertThat(webhooks.announce(database.jdbi(), scheduler, record, RecordStatus.COMPLETED)).isEmpty();
        assertThat(webhooks.announce(database.jdbi(), scheduler, record.id(), RecordStatus.COMPLETED)).isEmpty();

        assertThat(deliveries(record.id())).isEmpty();
        assertThat(jobsMentioning(Webhooks.deliveryId(record.id(), RecordStatus.COMPLETED))).isZero();
    }

    @Test
    void redirects_are_not_followed_and_count_as_a_failed_attempt() {
        String target = receiver.newPath();
        String path = receiver.newPath();
        receiver.redirect(path, receiver.url(target));
        Record record = seed(receiver.url(path), RecordStatus.COMPLETED);

        UUID deliveryId = webhooks.announce(database.jdbi(), scheduler, record, RecordStatus.COMPLETED).orElseThrow();

        WebhookDelivery attempted = await().atMost(Duration.ofSeconds(15))
                .until(() -> delivery(deliveryId), d -> d.attempts() >= 1);
        scheduler.delete(deliveryId); // no need to watch the retries
        assertThat(attempted.state()).isEqualTo(WebhookDeliveryState.PENDING);
        assertThat(attempted.lastStatusCode()).isEqualTo(302);
        assertThat(attempted.lastError()).contains("HTTP 302");
        assertThat(receiver.requests(path)).hasSize(1);
        assertThat(receiver.requests(target)).isEmpty();
    }

    @Test
    void a_malformed_webhook_url_fails_at_once_without_retries() {
        Record record = seed("ftp://127.0.0.1/hooks", RecordStatus.COMPLETED);

        UUID deliveryId = webhooks.announce(database.jdbi(), scheduler, record, RecordStatus.COMPLETED).orElseThrow();

        WebhookDelivery failed = awaitState(deliveryId, WebhookDeliveryState.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastStatusCode()).isNull();
        assertThat(failed.lastError()).contains("not an absolute http(s) URL");
        Job job = await().atMost(Duration.ofSeconds(10)).until(() -> storage.getJobById(deliveryId),
                j -> j.getState() == StateName.FAILED);
        assertThat(job.getJobStates().stream().filter(ScheduledState.class::isInstance)).isEmpty();
    }

    @Test
    void a_receiver_in_a_private_network_is_refused_at_once_unless_allowed() {
        String path = "/guarded" + receiver.newPath();
        Record record = seed(receiver.url(path), RecordStatus.COMPLETED);

        UUID deliveryId = webhooks.announce(database.jdbi(), scheduler, record, RecordStatus.COMPLETED).orElseThrow();

        WebhookDelivery failed = awaitState(deliveryId, WebhookDeliveryState.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains("127.0.0.1").contains("WEBHOOK_ALLOW_PRIVATE_NETWORKS");
        assertThat(receiver.requests(path)).as("nothing is sent to an internal address").isEmpty();
        Job job = await().atMost(Duration.ofSeconds(10)).until(() -> storage.getJobById(deliveryId),
                j -> j.getState() == StateName.FAILED);
        assertThat(job.getJobStates().stream().filter(ScheduledState.class::isInstance)).isEmpty();
    }

    @Test
    void a_tampered_body_a_wrong_secret_or_a_stale_timestamp_fail_verification() {
        String body = "{\"recordId\":7,\"status\":\"COMPLETED\",\"deliveryId\":\"" + UUID.randomUUID() + "\"}";
        Instant now = Instant.parse("2026-11-20T10:00:00Z");
        long timestamp = now.getEpochSecond();
        String signature = WebhookSigner.sign(SECRET, timestamp, body);
        Duration tolerance = WebhookSigner.DEFAULT_TOLERANCE;

        assertThat(signature).matches("v1=[0-9a-f]{64}");
        assertThat(WebhookSigner.verify(SECRET, signature, timestamp, body, now, tolerance)).isTrue();
        assertThat(WebhookSigner.verify(SECRET, signature, timestamp, body, now.plusSeconds(299), tolerance)).isTrue();

        assertThat(WebhookSigner.verify(SECRET, signature, timestamp, body.replace("COMPLETED", "FAILED"), now, tolerance)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, signature, timestamp, body + " ", now, tolerance)).isFalse();
        assertThat(WebhookSigner.verify(SECRET + "x", signature, timestamp, body, now, tolerance)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, signature, timestamp + 1, body, now, tolerance)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, signature, timestamp, body, now.plusSeconds(301), tolerance)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, signature, timestamp, body, now.minusSeconds(301), tolerance)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, signature.replace("v1=", "v0="), timestamp, body, now, tolerance)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, "v1=zz", timestamp, body, now, tolerance)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, null, timestamp, body, now, tolerance)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, signature, "not-a-number", body.getBytes(StandardCharsets.UTF_8), now, tolerance)).isFalse();

        // several signatures (a secret rotation): one match is enough
        String rotated = WebhookSigner.sign("old-secret", timestamp, body) + ", " + signature;
        assertThat(WebhookSigner.verify(SECRET, rotated, timestamp, body, now, tolerance)).isTrue();
        // the signature is HMAC-SHA256 of "<timestamp>.<body>", as documented for receivers
        assertThat(WebhookSigner.sign("key", 1_700_000_000L, "{}"))
                .isEqualTo("v1=" + hmacSha256Hex("key", "1700000000.{}"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static Record seed(String webhookUrl, RecordStatus finalStatus) {
        String owner = "webhook-test-" + UUID.randomUUID();
        return database.jdbi().inTransaction(h -> {
            var upload = h.attach(UploadDao.class).insert(owner, "uploads/" + UUID.randomUUID() + ".wav", "in.wav",
                    "audio/wav", 100, null, UploadMethod.DIRECT, null, null, UploadStatus.UPLOADED, null,
                    Instant.now(), Instant.now());
            RecordDao records = h.attach(RecordDao.class);
            Record created = records.create(owner, new NewRecord("test", upload.id(), null, null, null, false, webhookUrl),
                    UUID.randomUUID()).orElseThrow();
            if (finalStatus == RecordStatus.COMPLETED) {
                records.complete(created.id());
            } else {
                records.fail(created.id(), "convert", "not audio");
            }
            return records.find(created.id()).orElseThrow();
        });
    }

    private static WebhookDelivery awaitState(UUID id, WebhookDeliveryState state) {
        return await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(100))
                .until(() -> delivery(id), d -> d.state() == state);
    }

    private static WebhookDelivery delivery(UUID id) {
        return database.jdbi().withExtension(WebhookDeliveryDao.class, dao -> dao.find(id)).orElseThrow();
    }

    private static List<WebhookDelivery> deliveries(long recordId) {
        return database.jdbi().withExtension(WebhookDeliveryDao.class, dao -> dao.listFor(recordId));
    }

    private static RecordStatus status(long recordId) {
        return database.jdbi().withExtension(RecordDao.class, dao -> dao.find(recordId)).orElseThrow().status();
    }

    /** Jobs in JobRunr's table carrying this delivery id, under any job id. */
    private static int jobsMentioning(UUID deliveryId) {
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM jobrunr_jobs WHERE id = :id OR jobasjson LIKE '%' || :id || '%'")
                .bind("id", deliveryId.toString()).mapTo(Integer.class).one());
    }

    /** For each retry: from the failure to the time JobRunr scheduled the next attempt at. */
    private static List<Duration> backoffs(Job job) {
        List<Duration> backoffs = new java.util.ArrayList<>();
        List<JobState> states = job.getJobStates();
        for (int i = 1; i < states.size(); i++) {
            if (states.get(i) instanceof ScheduledState scheduled && states.get(i - 1) instanceof FailedState failed) {
                backoffs.add(Duration.between(failed.getCreatedAt(), scheduled.getScheduledAt()));
            }
        }
        return backoffs;
    }

    private static String hmacSha256Hex(String key, String data) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A database of this test's own on the shared embedded PostgreSQL server. */
    private static String ownDatabase(String name) throws Exception {
        int port = Infrastructure.shared().postgres().port();
        String server = "jdbc:postgresql://localhost:" + port + "/";
        try (Connection c = DriverManager.getConnection(server + EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER, "");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + name);
                }
            }
        }
        return server + name;
    }

    record Received(String path, String method, Headers headers, byte[] body, Instant at) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /**
     * A webhook receiver: records every request; each path answers 204 by default, or a scripted
     * sequence of statuses (then 200), or always one status, or a redirect.
     */
    static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor = Executors.newCachedThreadPool();
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
        private final Map<String, Integer> always = new ConcurrentHashMap<>();
        private final Map<String, String> alwaysBody = new ConcurrentHashMap<>();
        private final Map<String, String> redirects = new ConcurrentHashMap<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
        }

        String newPath() {
            return "/hooks/" + UUID.randomUUID();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void script(String path, Integer... statuses) {
            scripts.put(path, new ArrayDeque<>(List.of(statuses)));
        }

        void always(String path, int status, String body) {
            always.put(path, status);
            alwaysBody.put(path, body);
        }

        void redirect(String path, String location) {
            redirects.put(path, location);
        }

        List<Received> requests(String path) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String path = exchange.getRequestURI().getPath();
                received.add(new Received(path, exchange.getRequestMethod(), exchange.getRequestHeaders(),
                        in.readAllBytes(), Instant.now()));
                if (redirects.containsKey(path)) {
                    exchange.getResponseHeaders().set("Location", redirects.get(path));
                    exchange.sendResponseHeaders(302, -1);
                    return;
                }
                Integer fixed = always.get(path);
                Deque<Integer> script = scripts.get(path);
                Integer scripted = script == null ? null : script.poll();
                int status = fixed != null ? fixed : scripted != null ? scripted : script != null ? 200 : 204;
                String text = fixed != null ? alwaysBody.get(path) : status >= 300 ? "receiver error" : "";
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
