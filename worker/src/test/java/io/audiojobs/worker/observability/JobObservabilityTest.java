package io.audiojobs.worker.observability;

import io.audiojobs.shared.observability.JsonLogCapture;
import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.shared.observability.RequestIdJobFilter;
import io.audiojobs.shared.observability.RequestIds;
import io.audiojobs.worker.pipeline.BackoffRetryFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jobrunr.jobs.filters.JobFilter;
import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jobrunr.scheduling.JobBuilder.aJob;
import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

/**
 * Request ids and job metrics on a real JobRunr BackgroundJobServer over embedded PostgreSQL, with
 * the filters registered the way WorkerNode will register them (next to BackoffRetryFilter, the one
 * ElectStateFilter). The job server runs on a database of its own, so that it neither takes nor
 * leaves jobs of other test classes and the queue depth is exact.
 */
class JobObservabilityTest {
    private static final Logger log = LoggerFactory.getLogger(JobObservabilityTest.class);
    private static final List<JobFilter> CLIENT_FILTERS = List.of(new RequestIdJobFilter());

    /** What each probe saw in the MDC on its last run, by probe name. */
    static final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    static JobRequestScheduler insideJobs;

    private static Database database;
    private static StorageProvider serverStorage;
    private static StorageProvider clientStorage;
    private static BackgroundJobServer server;
    private static WorkerMetrics metrics;
    private static MetricsHttpServer metricsHttp;
    private static JsonLogCapture logs;
    private static JobRequestScheduler api;

    /** A job request for tests: what it does is in its mode. */
    public record Probe(String name, String mode) implements JobRequest {
        @Override
        public Class<ProbeHandler> getJobRequestHandler() {
            return ProbeHandler.class;
        }
    }

    public static final class ProbeHandler implements JobRequestHandler<Probe> {
        @Override
        public void run(Probe probe) throws Exception {
            int run = runs.computeIfAbsent(probe.name(), k -> new AtomicInteger()).incrementAndGet();
            seen.put(probe.name(), Optional.ofNullable(MDC.getCopyOfContextMap()).orElse(Map.of()));
            log.info("probe {} run {}", probe.name(), run);
            switch (probe.mode()) {
                case "ok" -> { }
                case "spawn" -> enqueue(insideJobs, probe.name() + "-child", "ok", "record:42");
                case "fail-for-good" -> throw new PermanentJobFailure("probe " + probe.name() + " cannot work");
                case "fail-once" -> {
                    if (run == 1) {
                        throw new IllegalStateException("probe " + probe.name() + " fails its first run");
                    }
                }
                default -> throw new IllegalArgumentException(probe.mode());
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("DATABASE_URL", freshDatabase(env.get("DATABASE_URL")));
        AppConfig config = AppConfig.from(new Env(env));
        database = Database.open(config.database(), "observability-test");
        var jsonMapper = JobStorage.jsonMapper();
        serverStorage = JobStorage.open(database.dataSource(), jsonMapper);
        clientStorage = JobStorage.open(database.dataSource(), jsonMapper);
        api = new JobRequestScheduler(clientStorage, CLIENT_FILTERS);
        insideJobs = new JobRequestScheduler(serverStorage, CLIENT_FILTERS);
        logs = JsonLogCapture.attach();

        metrics = WorkerMetrics.create(serverStorage);
        metricsHttp = metrics.serve(0);
        ProbeHandler handler = new ProbeHandler();
        server = new BackgroundJobServer(serverStorage, jsonMapper, new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return type.cast(handler);
            }
        }, usingStandardBackgroundJobServerConfiguration().andPollIntervalInSeconds(5).andWorkerCount(2));
        server.setJobFilters(List.of(new BackoffRetryFilter(1), new RequestIdJobFilter(), metrics.jobFilter()));

        // what the API does: enqueue inside a request, with its id in the MDC
        try (var ignored = RequestIds.open("req-obs-1")) {
            enqueue(api, "parent", "spawn", "record:42");
            enqueue(api, "retried", "fail-once", "record:43");
            enqueue(api, "broken", "fail-for-good", "record:44");
            api.create(aJob().withName("later").withLabels("record:45").withAmountOfRetries(0)
                    .scheduleAt(Instant.now().plus(Duration.ofHours(1))).withJobRequest(new Probe("later", "ok")));
        }
        // and a job enqueued outside any request
        MDC.clear();
        enqueue(api, "orphan", "ok");
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (logs != null) {
            logs.close();
        }
        if (clientStorage != null) {
            clientStorage.close();
        }
        if (serverStorage != null) {
            serverStorage.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void a_job_runs_with_the_request_id_it_was_enqueued_with_and_so_does_the_job_it_enqueues() {
        await().atMost(Duration.ofSeconds(40)).until(() -> seen.containsKey("parent-child"));
        Map<String, String> parent = seen.get("parent");
        assertThat(parent).containsEntry("requestId", "req-obs-1").containsEntry("recordId", "42").containsKey("jobId");
        Map<String, String> child = seen.get("parent-child");
        assertThat(child).containsEntry("requestId", "req-obs-1").containsEntry("recordId", "42");
        assertThat(child.get("jobId")).isNotEqualTo(parent.get("jobId"));
        assertThat(child.get("jobrunr.jobId")).isEqualTo(child.get("jobId"));
    }

    @Test
    void a_retried_job_keeps_its_request_id_on_every_attempt() {
        await().atMost(Duration.ofSeconds(40)).until(() -> runs.containsKey("retried") && runs.get("retried").get() == 2);
        assertThat(seen.get("retried")).containsEntry("requestId", "req-obs-1").containsEntry("recordId", "43");
    }

    @Test
    void a_job_enqueued_outside_a_request_has_an_id_of_its_own_and_no_record() {
        await().atMost(Duration.ofSeconds(40)).until(() -> seen.containsKey("orphan"));
        assertThat(seen.get("orphan").get("requestId")).isNotBlank().isNotEqualTo("req-obs-1");
        assertThat(seen.get("orphan")).doesNotContainKey("recordId").containsKey("jobId");
    }

    @Test
    void job_log_lines_are_json_with_request_job_and_record() {
        await().atMost(Duration.ofSeconds(40)).until(() -> seen.containsKey("parent-child") && seen.containsKey("broken"));
        await().atMost(Duration.ofSeconds(5)).until(() -> lineOf("probe parent-child run 1").isPresent());
        JsonNode line = lineOf("probe parent-child run 1").orElseThrow();
        assertThat(line.path("mdc").path("requestId").asText()).isEqualTo("req-obs-1");
        assertThat(line.path("mdc").path("recordId").asText()).isEqualTo("42");
        assertThat(line.path("mdc").path("jobId").asText()).isEqualTo(seen.get("parent-child").get("jobId"));
        // JobRunr's own line about the failure carries them too, with the exception as JSON
        await().atMost(Duration.ofSeconds(5)).until(() -> logs.parsed().stream().anyMatch(l ->
                l.path("loggerName").asText().startsWith("org.jobrunr") && "44".equals(l.path("mdc").path("recordId").asText())
                        && "req-obs-1".equals(l.path("mdc").path("requestId").asText())
                        && l.path("throwable").path("className").asText().equals(PermanentJobFailure.class.getName())));
        assertThat(logs.parsed()).isNotEmpty(); // every captured line is one JSON object
    }

    @Test
    void metrics_count_jobs_by_type_and_outcome_and_show_the_queue_depth() throws Exception {
        await().atMost(Duration.ofSeconds(40)).until(() -> seen.containsKey("parent-child") && seen.containsKey("orphan")
                && runs.containsKey("retried") && runs.get("retried").get() == 2 && seen.containsKey("broken"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String text = scrape();
            // parent, child, orphan, the retried job's 2nd run; the retried job's 1st run and broken's run
            assertThat(sample(text, "jobs_processed_total", "outcome=\"succeeded\"", "type=\"Probe\"")).isEqualTo(4);
            assertThat(sample(text, "jobs_processed_total", "outcome=\"failed\"", "type=\"Probe\"")).isEqualTo(2);
            assertThat(sample(text, "jobs_failed_for_good_total", "type=\"Probe\"")).isEqualTo(1);
            assertThat(sample(text, "jobs_duration_seconds_count", "outcome=\"succeeded\"", "type=\"Probe\"")).isEqualTo(4);
            assertThat(sample(text, "jobs_queue_depth", "state=\"scheduled\"")).isEqualTo(1); // "later"
            assertThat(sample(text, "jobs_queue_depth", "state=\"failed\"")).isEqualTo(1);   // "broken"
            assertThat(sample(text, "jobs_queue_depth", "state=\"enqueued\"")).isEqualTo(0);
            assertThat(sample(text, "jobs_queue_depth", "state=\"processing\"")).isEqualTo(0);
            assertThat(text).contains("jvm_memory_used_bytes");
        });
    }

    // --- helpers

    static void enqueue(JobRequestScheduler scheduler, String name, String mode, String... labels) {
        scheduler.create(aJob().withId(UUID.randomUUID()).withName("probe " + name).withLabels(labels)
                .withAmountOfRetries(mode.equals("fail-once") ? 1 : 0).withJobRequest(new Probe(name, mode)));
    }

    private static Optional<JsonNode> lineOf(String message) {
        return logs.parsed().stream().filter(l -> l.path("formattedMessage").asText().equals(message)).findFirst();
    }

    private static String scrape() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsHttp.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(metrics.registry()).isInstanceOf(PrometheusMeterRegistry.class);
        return response.body();
    }

    /** The value of the one sample of a metric whose labels include all of these; -1 when absent. */
    private static double sample(String text, String metric, String... labels) {
        Matcher m = Pattern.compile("^" + Pattern.quote(metric) + "\\{(.*)} (\\S+)$", Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            String found = m.group(1);
            if (List.of(labels).stream().allMatch(found::contains)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }

    /** A database of its own on the shared embedded PostgreSQL; returns its JDBC URL. */
    private static String freshDatabase(String url) throws Exception {
        String name = "obs_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(url, Infrastructure.shared().env().get("DATABASE_USER"), "")) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        }
        return url.replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
    }
}
