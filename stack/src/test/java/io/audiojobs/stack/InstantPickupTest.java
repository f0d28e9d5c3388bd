package io.audiojobs.stack;

import io.audiojobs.embedded.EmbeddedPostgresServer;
import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.jobs.PickupProbe;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Instant pickup across processes: two worker JVMs on their own PostgreSQL, woken by NOTIFY.
 * Pickup latency is reported (median, max), never asserted; what is asserted is that every job
 * runs exactly once and that the listener survives a PostgreSQL restart.
 */
class InstantPickupTest {
    @TempDir
    Path dir;

    private EmbeddedPostgresServer postgres;
    private int port;
    private Map<String, String> env;
    private Database database;
    private StorageProvider storage;
    private JobRequestScheduler scheduler;
    private final List<WorkerProcess> workers = new ArrayList<>();

    @BeforeEach
    void startDatabase() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), port);
        env = new HashMap<>(Infrastructure.shared().env());
        env.put("DATABASE_URL", postgres.jdbcUrl());
        env.put("JOB_POLL_SECONDS", "5");
        env.put("WORKER_THREADS", "4");
        AppConfig config = AppConfig.from(new Env(env));
        database = Database.open(config.database(), "pickup-test");
        storage = JobStorage.open(database.dataSource(), JobStorage.jsonMapper());
        scheduler = new JobRequestScheduler(storage);
    }

    @AfterEach
    void stopAll() throws Exception {
        stopWorkers();
        storage.close();
        database.close();
        postgres.close();
    }

    @Test
    void pickup_with_and_without_the_wake_up_and_a_burst_runs_every_job_once() throws Exception {
        startWorkers("on");
        Stats on = measurePickup("on", 40);
        stopWorkers();
        startWorkers("off");
        Stats off = measurePickup("off", 40);
        System.out.printf("instant pickup, 2 worker processes, poll 5 s: wake-up on median %.1f ms max %.1f ms; off median %.1f ms max %.1f ms (n=40 each)%n",
                on.median, on.max, off.median, off.max);
        stopWorkers();

        startWorkers("on");
        String burst = "burst-" + UUID.randomUUID();
        long micros = System.currentTimeMillis() * 1000;
        scheduler.enqueue(IntStream.range(0, 2000).mapToObj(i -> new PickupProbe(UUID.randomUUID(), burst, micros)));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> count(burst) == 2000);
        assertThat(sumOfRuns(burst)).as("no probe ran twice").isEqualTo(2000);
        assertThat(workersSeen(burst)).as("both worker processes took part").isEqualTo(2);
    }

    @Test
    void the_listener_reconnects_after_postgresql_restarts_and_pickup_is_fast_again() throws Exception {
        startWorkers("on");
        measurePickup("before-restart", 5);

        storage.close();
        database.close();
        postgres.close();
        postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), port);
        database = Database.open(AppConfig.from(new Env(env)).database(), "pickup-test");
        storage = JobStorage.open(database.dataSource(), JobStorage.jsonMapper());
        scheduler = new JobRequestScheduler(storage);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                IntStream.range(0, workers.size()).allMatch(i -> log(i).contains("job wake-up listener reconnected")));
        Stats after = measurePickup("after-restart", 20);
        System.out.printf("instant pickup after a PostgreSQL restart: median %.1f ms max %.1f ms (n=20)%n", after.median, after.max);
        assertThat(sumOfRuns(after.batch())).isEqualTo(20);
        assertThat(workers).allMatch(WorkerProcess::isAlive);
    }

    private record Stats(String batch, double median, double max) {}

    private Stats measurePickup(String label, int samples) throws Exception {
        String batch = label + "-" + UUID.randomUUID();
        for (int i = 0; i < samples; i++) {
            scheduler.enqueue(new PickupProbe(UUID.randomUUID(), batch, System.currentTimeMillis() * 1000));
            Thread.sleep(100); // spread over the poll interval, like independent requests
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> count(batch) == samples);
        List<Double> millis = database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT extract(epoch FROM started_at - enqueued_at) * 1000 FROM pickup_probes
                        WHERE batch = :b ORDER BY 1""").bind("b", batch).mapTo(Double.class).list());
        return new Stats(batch, millis.get(millis.size() / 2), millis.getLast());
    }

    private void startWorkers(String wakeUp) throws Exception {
        for (int i = 0; i < 2; i++) {
            Map<String, String> workerEnv = new HashMap<>(env);
            workerEnv.put("JOB_WAKEUP", wakeUp);
            workers.add(WorkerProcess.start(workerEnv, dir.resolve("worker-" + i + ".log")));
        }
        // wait for both nodes to announce themselves to JobRunr before measuring
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM jobrunr_backgroundjobservers WHERE running = 1")
                        .mapTo(Integer.class).one()) >= 2
                        && IntStream.range(0, 2).allMatch(i -> log(i).contains("worker started")));
    }

    private void stopWorkers() throws Exception {
        for (WorkerProcess worker : workers) {
            worker.close();
        }
        workers.clear();
        database.jdbi().useHandle(h -> h.execute("DELETE FROM jobrunr_backgroundjobservers"));
    }

    private String log(int worker) {
        try {
            return Files.readString(dir.resolve("worker-" + worker + ".log"));
        } catch (Exception e) {
            return "";
        }
    }

    private int count(String batch) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM pickup_probes WHERE batch = :b")
                .bind("b", batch).mapTo(Integer.class).one());
    }

    private long sumOfRuns(String batch) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT coalesce(sum(runs), 0) FROM pickup_probes WHERE batch = :b")
                .bind("b", batch).mapTo(Long.class).one());
    }

    private int workersSeen(String batch) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT count(DISTINCT worker) FROM pickup_probes WHERE batch = :b")
                .bind("b", batch).mapTo(Integer.class).one());
    }
}
