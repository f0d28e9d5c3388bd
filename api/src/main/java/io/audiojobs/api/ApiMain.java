package io.audiojobs.api;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.javalin.Javalin;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        Javalin app = ApiServer.create(config, database.jdbi(), store, new JobRequestScheduler(storage)).start();
        log.info("API listening on port {}", app.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            storage.close();
            store.close();
            database.close();
        }, "api-shutdown"));
    }
}
