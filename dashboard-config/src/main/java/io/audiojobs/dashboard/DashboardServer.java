package io.audiojobs.dashboard;

import org.jobrunr.dashboard.HeaderedDashboardWebServer;
import org.jobrunr.dashboard.JobRunrDashboardWebServer;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;

import static org.jobrunr.dashboard.JobRunrDashboardWebServerConfiguration.usingStandardDashboardConfiguration;

/** The JobRunr dashboard on the product's database, always behind basic auth, no usage reporting, not frameable. */
public final class DashboardServer implements AutoCloseable {
    private final JobRunrDashboardWebServer server;

    public DashboardServer(StorageProvider storage, JsonMapper jsonMapper, int port, String user, String password) {
        this.server = new HeaderedDashboardWebServer(storage, jsonMapper, usingStandardDashboardConfiguration()
                .andPort(port)
                .andBasicAuthentication(user, password)
                .andAllowAnonymousDataUsage(false));
    }

    public DashboardServer start() {
        server.start();
        return this;
    }

    @Override
    public void close() {
        server.stop();
    }
}
