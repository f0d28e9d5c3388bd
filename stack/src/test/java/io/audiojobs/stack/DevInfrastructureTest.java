package io.audiojobs.stack;

import io.audiojobs.embedded.EmbeddedPostgresServer;
import io.audiojobs.shared.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two dev stacks on one machine: each runs on its own database or stops, naming the port and the
 * variable that moves it. Real PostgreSQL and S3 servers, and `audiojobs infra` in JVMs of its own
 * where a second stack or a killed one is the point.
 */
class DevInfrastructureTest {
    @TempDir
    Path dir;

    @Test
    void a_taken_database_port_stops_the_stack_naming_the_port_and_its_variable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> DevInfrastructure.start(env("home", port, freePort()), List.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("port " + port + " (PostgreSQL) is already in use")
                    .hasMessageContaining("set DEV_DATABASE_PORT to a free port");
        }
        assertThat(dir.resolve("home/postgres/postmaster.pid")).as("no PostgreSQL started").doesNotExist();
    }

    @Test
    void every_taken_port_is_named_at_once_with_its_variable() throws Exception {
        try (ServerSocket s3 = new ServerSocket(0); ServerSocket api = new ServerSocket(0); ServerSocket dashboard = new ServerSocket(0)) {
            var roles = List.of(new DevPort("API", "API_PORT", api.getLocalPort()),
                    new DevPort("dashboard", "DASHBOARD_PORT", dashboard.getLocalPort()));
            assertThatThrownBy(() -> DevInfrastructure.start(env("home", freePort(), s3.getLocalPort()), roles))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("port " + s3.getLocalPort() + " (S3) is already in use: set S3_PORT")
                    .hasMessageContaining("port " + api.getLocalPort() + " (API) is already in use: set API_PORT")
                    .hasMessageContaining("port " + dashboard.getLocalPort() + " (dashboard) is already in use: set DASHBOARD_PORT")
                    .hasMessageNotContaining("DEV_DATABASE_PORT");
        }
    }

    @Test
    void a_second_home_on_the_first_ones_database_port_refuses_to_start() throws Exception {
        int databasePort = freePort();
        try (var first = DevInfrastructure.start(env("first", databasePort, freePort()), List.of())) {
            Process second = infra(env("second", databasePort, freePort()), dir.resolve("second.log"));
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(dir.resolve("second.log"));
            assertThat(second.exitValue()).as(output).isEqualTo(78);
            assertThat(output).contains("port " + databasePort + " (PostgreSQL) is already in use: set DEV_DATABASE_PORT");
            assertThat(dir.resolve("second/dev.env")).doesNotExist();

            assertThatThrownBy(() -> DevInfrastructure.start(env("first", freePort(), freePort()), List.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("AUDIOJOBS_HOME " + dir.resolve("first") + " is in use by another");
        }
    }

    @Test
    void a_stack_killed_without_stopping_its_database_finds_its_own_data_again() throws Exception {
        Map<String, String> env = env("killed", freePort(), freePort());
        Path data = dir.resolve("killed/postgres");
        Process killed = infra(env, dir.resolve("killed.log"));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(dir.resolve("killed/dev.env")));
            String url = DevEnvFile.read(dir.resolve("killed/dev.env")).get("DATABASE_URL");
            try (var connection = DriverManager.getConnection(url)) {
                connection.createStatement().execute("CREATE TABLE left_behind (id int)");
            }
            killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook stops PostgreSQL
            assertThat(EmbeddedPostgresServer.running(data)).as("PostgreSQL outlived its stack").isPresent();

            try (var again = DevInfrastructure.start(env, List.of());
                 var connection = DriverManager.getConnection(again.settings().get("DATABASE_URL"))) {
                var rows = connection.createStatement().executeQuery("SELECT count(*) FROM left_behind");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isZero();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> EmbeddedPostgresServer.running(data).isEmpty());
        } finally {
            killed.destroyForcibly();
            EmbeddedPostgresServer.running(data).flatMap(p -> ProcessHandle.of(p.pid())).ifPresent(ProcessHandle::destroy);
        }
    }

    private Map<String, String> env(String home, int databasePort, int s3Port) {
        Map<String, String> env = new HashMap<>();
        env.put("AUDIOJOBS_HOME", dir.resolve(home).toString());
        env.put("DEV_DATABASE_PORT", String.valueOf(databasePort));
        env.put("S3_PORT", String.valueOf(s3Port));
        return env;
    }

    /** `audiojobs infra` in a JVM of its own, output and errors to {@code log}. */
    private static Process infra(Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Cli.class.getName(), "infra")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
