package io.audiojobs.worker;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.audiojobs.worker.observability.WorkerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/** The worker process: config -> database -> object store -> JobRunr storage -> background job server. */
public final class WorkerMain {
    private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        AppConfig config = AppConfig.from(Env.system());
        Database database = Database.open(config.database(), "worker");
        S3ObjectStore store = new S3ObjectStore(config.s3());
        var jsonMapper = JobStorage.jsonMapper();
        var storage = JobStorage.open(database.dataSource(), jsonMapper);
        WorkerMetrics metrics = WorkerMetrics.create(storage);
        int metricsPort = config.worker().metricsPort();
        if (metricsPort > 0) {
            metrics.serve(metricsPort);
            log.info("worker metrics on port {} (GET /metrics)", metricsPort);
        }
        WorkerNode node = new WorkerNode(config, database.jdbi(), store, storage, jsonMapper, metrics).start();
        log.info("worker started: {} threads, poll every {} s", config.worker().threads(), config.worker().pollSeconds());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            metrics.close();
            storage.close();
            store.close();
            database.close();
            stopped.countDown();
        }, "worker-shutdown"));
        // JobRunr's threads are the only ones keeping the JVM up, and JobRunr stops them during a
        // database outage: the process must stay alive for the supervisor to start a fresh server.
        stopped.await();
    }
}
