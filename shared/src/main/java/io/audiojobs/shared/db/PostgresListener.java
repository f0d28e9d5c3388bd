package io.audiojobs.shared.db;

import io.audiojobs.shared.config.AppConfig;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * LISTENs on one PostgreSQL channel on a dedicated connection and thread. pgjdbc does not
 * reconnect a LISTEN session: when the connection drops (PostgreSQL restarts) this reconnects with
 * backoff, LISTENs again, and tells the handler so it can catch up on what it missed. It never
 * throws into its owner; a handler's exception is logged and listening goes on.
 */
public final class PostgresListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresListener.class);
    private static final int WAIT_MILLIS = 1_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** What to do with notifications; both methods run on the listener's thread. */
    public interface Handler {
        /** One call per drain of the connection: a burst of notifications arrives as one list. */
        void onNotifications(List<String> payloads);

        /** (Re)connected and listening: whatever happened while not listening was missed. */
        void onListening();
    }

    private final AppConfig.Database database;
    private final String channel;
    private final String name;
    private final Handler handler;
    private final Thread thread;
    private final AtomicLong reconnects = new AtomicLong();
    private volatile boolean running = true;
    private volatile Connection connection;

    public PostgresListener(AppConfig.Database database, String channel, String name, Handler handler) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        this.database = database;
        this.channel = channel;
        this.name = name;
        this.handler = handler;
        this.thread = Thread.ofPlatform().name(channel.replace('_', '-')).daemon().unstarted(this::listenForever);
    }

    public PostgresListener start() {
        thread.start();
        return this;
    }

    public boolean isListening() {
        return connection != null;
    }

    /** How many times it had to connect again after losing PostgreSQL. */
    public long reconnects() {
        return reconnects.get();
    }

    private void listenForever() {
        Duration backoff = Duration.ofMillis(500);
        boolean everConnected = false;
        while (running) {
            try (Connection conn = connect()) {
                connection = conn;
                if (everConnected) {
                    reconnects.incrementAndGet();
                    log.info("{} reconnected to PostgreSQL", name);
                }
                everConnected = true;
                backoff = Duration.ofMillis(500);
                call(handler::onListening);
                PGConnection pg = conn.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        List<String> payloads = Arrays.stream(notifications).map(PGNotification::getParameter).toList();
                        call(() -> handler.onNotifications(payloads));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connection = null;
                if (!running) {
                    return;
                }
                log.warn("{} lost PostgreSQL ({}); retrying in {} ms", name, e.getMessage(), backoff.toMillis());
                pause(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "audiojobs-" + channel);
        properties.setProperty("connectTimeout", "5");
        Connection conn = DriverManager.getConnection(database.url(), properties);
        try (Statement statement = conn.createStatement()) {
            statement.execute("LISTEN " + channel);
        }
        return conn;
    }

    private void call(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("{}: handling a notification failed", name, e);
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        Connection conn = connection;
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
