package io.audiojobs.stack;

import io.audiojobs.api.ApiServer;
import io.audiojobs.dashboard.DashboardServer;
import io.audiojobs.embedded.EmbeddedPostgresServer;
import io.audiojobs.embedded.EmbeddedS3Server;
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
import java.security.SecureRandom;
import java.util.HexFormat;
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

    public static Path home(Map<String, String> env) {
        return Path.of(env.getOrDefault("AUDIOJOBS_HOME", ".audiojobs")).toAbsolutePath();
    }

    public static void main(String[] args) {
        Map<String, String> system = System.getenv();
        Path home = home(system);
        Map<String, String> secrets = secrets(home);
        Env systemEnv = new Env(system);
        int s3Port = systemEnv.integer("S3_PORT", 9000, 1, 65535);
        int databasePort = systemEnv.integer("DEV_DATABASE_PORT", 54329, 1, 65535);

        var postgres = EmbeddedPostgresServer.start(home.resolve("postgres"), databasePort);
        var s3 = EmbeddedS3Server.start(home.resolve("s3"), s3Port, secrets.get("S3_ACCESS_KEY"), secrets.get("S3_SECRET_KEY"));

        Map<String, String> settings = new LinkedHashMap<>(secrets);
        settings.put("S3_BUCKET", "audiojobs");
        settings.put("WORK_DIR", home.resolve("work").toString());
        settings.putAll(withoutBlanks(system));
        // the embedded servers are what dev runs on, whatever the environment says
        settings.put("DATABASE_URL", postgres.jdbcUrl().replace("localhost", "127.0.0.1"));
        settings.put("DATABASE_USER", EmbeddedPostgresServer.USER);
        settings.put("DATABASE_PASSWORD", "");
        settings.put("S3_ENDPOINT", s3.endpoint().toString());
        settings.putIfAbsent("S3_PUBLIC_ENDPOINT", s3.endpoint().toString());
        settings.put("S3_ACCESS_KEY", secrets.get("S3_ACCESS_KEY"));
        settings.put("S3_SECRET_KEY", secrets.get("S3_SECRET_KEY"));
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
        for (String key : new String[] {"DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD", "S3_ENDPOINT",
                "S3_PUBLIC_ENDPOINT", "S3_REGION", "S3_BUCKET", "S3_ACCESS_KEY", "S3_SECRET_KEY", "AUTH_JWT_SECRET", "WEBHOOK_SECRET",
                "WORK_DIR", "RETRY_ATTEMPTS", "RETRY_BASE_SECONDS", "JOB_POLL_SECONDS", "MAX_DURATION", "MAX_UPLOAD_BYTES"}) {
            if (settings.containsKey(key)) {
                devEnv.put(key, settings.get(key));
            }
        }
        DevEnvFile.write(home.resolve("dev.env"), "written by ./audiojobs dev; `set -a; . " + home.resolve("dev.env")
                + "; ./audiojobs worker` adds a worker to this stack", devEnv);

        System.out.println();
        System.out.println("audiojobs dev stack is up");
        System.out.println("  API        " + apiUrl + "   (token: ./audiojobs token <user>)");
        System.out.println("  Dashboard  " + dashboardUrl + "   user " + devEnv.get("DASHBOARD_USER")
                + "  password " + devEnv.get("DASHBOARD_PASSWORD"));
        System.out.println("  S3         " + s3.endpoint() + "   bucket " + config.s3().bucket());
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
            s3.close();
            postgres.close();
        }, "dev-shutdown"));
    }

    /** Secrets generated on first start and kept, so tokens and dev.env stay valid across restarts. */
    private static Map<String, String> secrets(Path home) {
        Path file = home.resolve("secrets.env");
        Map<String, String> secrets = DevEnvFile.read(file);
        boolean changed = false;
        for (var entry : Map.of("AUTH_JWT_SECRET", 32, "DASHBOARD_PASSWORD", 12, "S3_ACCESS_KEY", 10, "S3_SECRET_KEY", 20,
                "WEBHOOK_SECRET", 32).entrySet()) {
            if (!secrets.containsKey(entry.getKey())) {
                secrets.put(entry.getKey(), randomHex(entry.getValue()));
                changed = true;
            }
        }
        if (secrets.putIfAbsent("DASHBOARD_USER", "admin") == null) {
            changed = true;
        }
        if (changed) {
            DevEnvFile.write(file, "generated once by ./audiojobs dev; delete to rotate", secrets);
        }
        return secrets;
    }

    private static Map<String, String> withoutBlanks(Map<String, String> env) {
        Map<String, String> copy = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
