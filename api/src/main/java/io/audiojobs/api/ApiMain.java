package io.audiojobs.api;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.observability.JobQueueMetrics;
import io.audiojobs.shared.observability.JvmMetrics;
import io.audiojobs.shared.observability.PrometheusMetrics;
import io.audiojobs.shared.observability.RequestIdJobFilter;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.javalin.Javalin;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The API process: config -> database -> object store -> JobRunr (client only: it enqueues and
 * runs no background job server) -> HTTP.
 */
public final class ApiMain {
    private static final Logger log = LoggerFactory.getLogger(ApiMain.class);

    private ApiMain() {}

    public static void main(String[] args) {
        AppConfig config = AppConfig.from(Env.system());
        config.auth().requireConfigured();
        Database database = Database.open(config.database(), "api");
        S3ObjectStore store = new S3ObjectStore(config.s3());
        store.ensureBucket();
        var storage = JobStorage.open(database.dataSource(), JobStorage.jsonMapper());
        var metrics = PrometheusMetrics.newRegistry();
        JvmMetrics jvm = JvmMetrics.bindTo(metrics);
        new JobQueueMetrics(storage).bindTo(metrics);
        var scheduler = new JobRequestScheduler(storage, List.of(new RequestIdJobFilter()));
        Javalin app = ApiServer.create(config, database.jdbi(), store, scheduler, metrics).start();
        log.info("API listening on port {}", app.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            jvm.close();
            storage.close();
            store.close();
            database.close();
        }, "api-shutdown"));
    }
}
