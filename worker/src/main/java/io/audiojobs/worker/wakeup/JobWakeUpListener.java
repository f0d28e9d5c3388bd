package io.audiojobs.worker.wakeup;

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
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Listens on PostgreSQL for "a job became ENQUEUED" (a trigger on jobrunr_jobs NOTIFYs) and asks
 * this node's JobRunr server to fetch work at once. One dedicated connection, its own thread; it
 * never blocks or stops the worker: when the connection drops (PostgreSQL restarts) it reconnects
 * with backoff and fetches once to catch up. JobRunr's poll stays the safety net.
 *
 * <p>Bursts coalesce: one getNotifications() call drains every pending notification, and each
 * drain costs one fetch, however many jobs were enqueued.
 */
public final class JobWakeUpListener implements AutoCloseable {
    public static final String CHANNEL = "audiojobs_job_enqueued";
    private static final Logger log = LoggerFactory.getLogger(JobWakeUpListener.class);
    private static final int WAIT_MILLIS = 1_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A fetch that ran while the poll held the onboarding lock is skipped; one more shortly after covers it. */
    private static final long FOLLOW_UP_MILLIS = 50;

    private final AppConfig.Database database;
    private final Runnable onboard;
    private final Thread thread;
    private final AtomicLong wakeUps = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile boolean running = true;
    private volatile Connection connection;

    public JobWakeUpListener(AppConfig.Database database, Runnable onboard) {
        this.database = database;
        this.onboard = onboard;
        this.thread = Thread.ofPlatform().name("job-wakeup").daemon().unstarted(this::listenForever);
    }

    public JobWakeUpListener start() {
        thread.start();
        return this;
    }

    /** How many times this node was woken (for tests and metrics). */
    public long wakeUps() {
        return wakeUps.get();
    }

    /** How many times the listener had to connect again after losing PostgreSQL. */
    public long reconnects() {
        return reconnects.get();
    }

    public boolean isListening() {
        return connection != null;
    }

    private void listenForever() {
        Duration backoff = Duration.ofMillis(500);
        boolean everConnected = false;
        while (running) {
            try (Connection conn = connect()) {
                connection = conn;
                if (everConnected) {
                    reconnects.incrementAndGet();
                    log.info("job wake-up listener reconnected to PostgreSQL");
                }
                everConnected = true;
                backoff = Duration.ofMillis(500);
                wake(); // catch up with whatever was enqueued while we were not listening
                PGConnection pg = conn.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        wake();
                        pause(FOLLOW_UP_MILLIS);
                        wake();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connection = null;
                if (!running) {
                    return;
                }
                log.warn("job wake-up listener lost PostgreSQL ({}); retrying in {} ms, the poll covers meanwhile",
                        e.getMessage(), backoff.toMillis());
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
        properties.setProperty("ApplicationName", "audiojobs-job-wakeup");
        properties.setProperty("connectTimeout", "5");
        Connection conn = DriverManager.getConnection(database.url(), properties);
        try (Statement statement = conn.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
        return conn;
    }

    private void wake() {
        wakeUps.incrementAndGet();
        try {
            onboard.run();
        } catch (RuntimeException e) {
            log.warn("fetching new work after a wake-up failed; the poll will pick it up", e);
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
