package io.audiojobs.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProviderUtils;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * The floor under record creation (SPEC §8): a bare Javalin endpoint doing one INSERT and one
 * JobRunr enqueue, on the same PostgreSQL server as the API but in its own database, so neither
 * audiojobs' triggers nor its tables are in its way. `POST /floor` answers 202 with the row id.
 *
 * <p>Configured from the environment: DATABASE_URL (the server; the database name in it is
 * replaced by {@value #DATABASE}), DATABASE_USER, DATABASE_PASSWORD, DATABASE_POOL_SIZE (10, the
 * API's default), FLOOR_PORT.
 */
public final class FloorServer {
    static final String DATABASE = "audiojobs_floor";

    private FloorServer() {}

    public static void main(String[] args) throws SQLException {
        Map<String, String> env = System.getenv();
        String serverUrl = env.get("DATABASE_URL");
        String user = env.getOrDefault("DATABASE_USER", "postgres");
        String password = env.getOrDefault("DATABASE_PASSWORD", "");
        int port = Integer.parseInt(env.getOrDefault("FLOOR_PORT", "8090"));
        int poolSize = Integer.parseInt(env.getOrDefault("DATABASE_POOL_SIZE", "10"));
        Javalin app = start(serverUrl, user, password, poolSize, port);
        System.out.println("floor server listening on port " + app.port());
    }

    static Javalin start(String serverUrl, String user, String password, int poolSize, int port) throws SQLException {
        createDatabase(serverUrl, user, password);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(withDatabase(serverUrl, DATABASE));
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(poolSize);
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try (Connection c = dataSource.getConnection()) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS floor_rows (id bigserial PRIMARY KEY, title text NOT NULL, "
                    + "created_at timestamptz NOT NULL DEFAULT now())");
        }
        var storage = new PostgresStorageProvider(dataSource, StorageProviderUtils.DatabaseOptions.CREATE);
        storage.setJobMapper(new JobMapper(new JacksonJsonMapper()));
        var scheduler = new JobRequestScheduler(storage);

        Javalin app = Javalin.create(config -> {
            config.jetty.port = port;
            config.startup.showJavalinBanner = false;
            config.events.serverStopped(() -> {
                storage.close();
                dataSource.close();
            });
            config.routes.post("/floor", ctx -> {
                long id;
                try (Connection c = dataSource.getConnection();
                     PreparedStatement insert = c.prepareStatement("INSERT INTO floor_rows (title) VALUES (?) RETURNING id")) {
                    insert.setString(1, ctx.body());
                    try (ResultSet row = insert.executeQuery()) {
                        row.next();
                        id = row.getLong(1);
                    }
                }
                scheduler.enqueue(new FloorJob(id));
                ctx.status(202).json(Map.of("id", id));
            });
        });
        return app.start();
    }

    private static void createDatabase(String serverUrl, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, user, password);
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet row = exists.executeQuery()) {
                if (!row.next()) {
                    c.createStatement().execute("CREATE DATABASE " + DATABASE);
                }
            }
        }
    }

    /** jdbc:postgresql://host:port/name?params with another database name. */
    static String withDatabase(String jdbcUrl, String database) {
        return jdbcUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
    }
}
