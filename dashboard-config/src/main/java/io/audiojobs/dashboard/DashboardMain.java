package io.audiojobs.dashboard;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The dashboard process. It refuses to start without DASHBOARD_USER and DASHBOARD_PASSWORD. */
public final class DashboardMain {
    private static final Logger log = LoggerFactory.getLogger(DashboardMain.class);

    private DashboardMain() {}

    public static void main(String[] args) {
        AppConfig config = AppConfig.from(Env.system());
        config.dashboard().requireCredentials();
        Database database = Database.open(config.database(), "dashboard");
        var jsonMapper = JobStorage.jsonMapper();
        var storage = JobStorage.open(database.dataSource(), jsonMapper);
        var dashboard = new DashboardServer(storage, jsonMapper, config.dashboard().port(),
                config.dashboard().user().orElseThrow(), config.dashboard().password().orElseThrow()).start();
        log.info("dashboard on port {}", config.dashboard().port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dashboard.close();
            storage.close();
            database.close();
        }, "dashboard-shutdown"));
    }
}
