package io.audiojobs.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL 16 (zonky's binaries from Maven Central) started from this JVM. With a data
 * directory it keeps its data across restarts; without one it uses a throw-away directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** @param dataDirectory kept between starts, or null for a fresh temporary database
     *  @param port a fixed port, or 0 for any free one */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                        // durable like a real server: data survives a crash of the dev stack
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on");
            }
            if (port > 0) {
                builder.setPort(port);
            }
            builder.setServerConfig("max_connections", "300");
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /** A PostgreSQL server process found running on a data directory: its postmaster.pid names a live process. */
    public record Postmaster(long pid, int port) {}

    /**
     * The server still running on {@code dataDirectory}, if any: one left behind by a JVM that died
     * without stopping it (SIGKILL), or one that another process is using right now.
     */
    public static Optional<Postmaster> running(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            // postmaster.pid: pid, data directory, start time, port, socket directory, ...
            List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.of(new Postmaster(pid, port)) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // half-written or foreign: not a server we could use
        }
    }

    /**
     * Whether the server answering on this one's port keeps its data in {@code dataDirectory}. zonky
     * only checks that something on the port answers SQL, so when the port was taken its start
     * "succeeds" on whichever PostgreSQL listens there.
     */
    public boolean serves(Path dataDirectory) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl() + "&connectTimeout=5&socketTimeout=5");
             ResultSet rs = connection.createStatement().executeQuery("SHOW data_directory")) {
            return rs.next() && Path.of(rs.getString(1)).toRealPath().equals(dataDirectory.toRealPath());
        } catch (SQLException | IOException e) {
            return false;
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
