package io.audiojobs.stack;

import io.audiojobs.api.ApiServer;
import io.audiojobs.dashboard.DashboardServer;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.observability.JvmMetrics;
import io.audiojobs.shared.observability.PrometheusMetrics;
import io.audiojobs.shared.observability.RequestIdJobFilter;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.audiojobs.worker.WorkerNode;
import io.audiojobs.worker.observability.WorkerMetrics;
import io.javalin.Javalin;
import org.jobrunr.scheduling.JobRequestScheduler;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `./audiojobs dev`: the whole platform in one JVM on embedded PostgreSQL and S3, with data and
 * generated secrets kept under $AUDIOJOBS_HOME (default .audiojobs/) so it survives a restart.
 * Writes $AUDIOJOBS_HOME/dev.env for extra workers and for `./audiojobs token`.
 */
public final class DevStack {
    private DevStack() {}

    public static void main(String[] args) {
        Env system = new Env(System.getenv());
        DevPort apiPort = DevPort.of(system, "API", "API_PORT", AppConfig.DEFAULT_API_PORT);
        DevPort dashboardPort = DevPort.of(system, "dashboard", "DASHBOARD_PORT", AppConfig.DEFAULT_DASHBOARD_PORT);
        // every port is checked before anything starts, so a second stack names all it must change at once
        DevInfrastructure infrastructure = DevInfrastructure.start(System.getenv(), List.of(apiPort, dashboardPort));
        Map<String, String> settings = infrastructure.settings();
        Path home = infrastructure.home();
        AppConfig config = AppConfig.from(new Env(settings));

        Database database = Database.open(config.database(), "dev");
        S3ObjectStore store = new S3ObjectStore(config.s3());
        store.ensureBucket();
        var jsonMapper = JobStorage.jsonMapper();
        var storage = JobStorage.open(database.dataSource(), jsonMapper);
        var metrics = PrometheusMetrics.newRegistry(); // one registry: the API's /metrics shows the worker's too
        JvmMetrics jvm = JvmMetrics.bindTo(metrics);
        WorkerMetrics workerMetrics = new WorkerMetrics(metrics, storage, false);
        WorkerNode worker = new WorkerNode(config, database.jdbi(), store, storage, jsonMapper, workerMetrics).start();
        DevPort.requireFree(List.of(dashboardPort, apiPort)); // again, just before they bind: the worker took seconds to start
        DashboardServer dashboard = new DashboardServer(storage, jsonMapper, config.dashboard().port(),
                config.dashboard().user().orElseThrow(), config.dashboard().password().orElseThrow()).start();
        Javalin api = ApiServer.create(config, database.jdbi(), store,
                new JobRequestScheduler(storage, List.of(new RequestIdJobFilter())), metrics).start();

        String apiUrl = "http://localhost:" + api.port();
        String dashboardUrl = "http://localhost:" + config.dashboard().port() + "/dashboard";
        Map<String, String> devEnv = new LinkedHashMap<>();
        devEnv.put("API_URL", apiUrl);
        devEnv.put("DASHBOARD_URL", dashboardUrl);
        devEnv.put("DASHBOARD_USER", config.dashboard().user().orElseThrow());
        devEnv.put("DASHBOARD_PASSWORD", config.dashboard().password().orElseThrow());
        infrastructure.writeDevEnv("written by ./audiojobs dev; `set -a; . " + home.resolve("dev.env")
                + "; ./audiojobs worker` adds a worker to this stack", devEnv);

        System.out.println();
        System.out.println("audiojobs dev stack is up");
        System.out.println("  Web app    " + apiUrl + "/   (sign in with the token of ./audiojobs token <user>)");
        System.out.println("  API        " + apiUrl + "   (token: ./audiojobs token <user>)");
        System.out.println("  Dashboard  " + dashboardUrl + "   user " + devEnv.get("DASHBOARD_USER")
                + "  password " + devEnv.get("DASHBOARD_PASSWORD"));
        System.out.println("  S3         " + infrastructure.s3Endpoint() + "   bucket " + config.s3().bucket());
        System.out.println("  PostgreSQL " + settings.get("DATABASE_URL"));
        System.out.println("  data and settings in " + home + " (dev.env)");
        System.out.println();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.stop();
            worker.close();
            workerMetrics.close();
            jvm.close();
            dashboard.close();
            storage.close();
            store.close();
            database.close();
            infrastructure.close();
        }, "dev-shutdown"));
    }
}
