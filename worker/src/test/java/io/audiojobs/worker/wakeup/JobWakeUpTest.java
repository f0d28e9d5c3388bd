package io.audiojobs.worker.wakeup;

import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.jobs.PickupProbe;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.audiojobs.worker.WorkerNode;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With a 60 s poll, a job enqueued from outside the node can only start early if the NOTIFY
 * wake-up works: these are behaviour checks with a wide margin, not timings (the benchmark
 * measures pickup latency).
 */
class JobWakeUpTest {

    @Test
    void an_idle_node_starts_an_enqueued_job_long_before_its_poll() throws Exception {
        try (var node = new Node(true)) {
            String batch = node.probe();
            await().atMost(Duration.ofSeconds(15)).until(() -> node.started(batch) == 1);
            assertThat(node.worker.wakeUpListener().orElseThrow().wakeUps()).isPositive();
        }
    }

    @Test
    void with_the_wake_up_off_the_node_waits_for_its_poll() throws Exception {
        try (var node = new Node(false)) {
            String batch = node.probe();
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10)).until(() -> node.started(batch) == 0);
            assertThat(node.worker.wakeUpListener()).isEmpty();
        }
    }

    /** A worker node with a 60 s poll over the shared test database, and a client-side enqueuer. */
    private static final class Node implements AutoCloseable {
        final Database database;
        final WorkerNode worker;
        final JobRequestScheduler scheduler;
        final StorageProvider storage;
        final AtomicInteger fetches = new AtomicInteger();

        Node(boolean wakeUp) throws Exception {
            Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
            env.put("JOB_POLL_SECONDS", "60");
            env.put("JOB_WAKEUP", wakeUp ? "on" : "off");
            AppConfig config = AppConfig.from(new Env(env));
            database = Database.open(config.database(), "wakeup-test");
            var jsonMapper = JobStorage.jsonMapper();
            storage = JobStorage.open(database.dataSource(), jsonMapper);
            worker = new WorkerNode(config, database.jdbi(), new S3ObjectStore(config.s3()), countingFetches(storage, fetches),
                    jsonMapper).start();
            scheduler = new JobRequestScheduler(JobStorage.open(database.dataSource(), jsonMapper));
            await().atMost(Duration.ofSeconds(20)).until(() -> worker.server().isRunning() && !worker.server().isNotReadyToProcessJobs());
            // the node's start-up fetch has returned: from here on only a wake-up (or the 60 s poll) fetches
            await().atMost(Duration.ofSeconds(20)).until(() -> fetches.get() >= 1);
            wakeUp(wakeUp);
        }

        private void wakeUp(boolean expected) {
            if (expected) {
                await().atMost(Duration.ofSeconds(10)).until(() -> worker.wakeUpListener().orElseThrow().isListening());
            }
        }

        /** The node's storage, counting its fetches of enqueued work (JobRunr's getJobsToProcess) once they have returned. */
        private static StorageProvider countingFetches(StorageProvider storage, AtomicInteger fetches) {
            return (StorageProvider) Proxy.newProxyInstance(StorageProvider.class.getClassLoader(), new Class<?>[] {StorageProvider.class},
                    (proxy, method, args) -> {
                        try {
                            Object result = method.invoke(storage, args);
                            if (method.getName().equals("getJobsToProcess")) {
                                fetches.incrementAndGet();
                            }
                            return result;
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        String probe() {
            String batch = "wakeup-" + UUID.randomUUID();
            scheduler.enqueue(new PickupProbe(UUID.randomUUID(), batch, System.currentTimeMillis() * 1000));
            return batch;
        }

        int started(String batch) {
            return database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM pickup_probes WHERE batch = :b")
                    .bind("b", batch).mapTo(Integer.class).one());
        }

        @Override
        public void close() {
            worker.close();
            storage.close();
            database.close();
        }
    }
}
