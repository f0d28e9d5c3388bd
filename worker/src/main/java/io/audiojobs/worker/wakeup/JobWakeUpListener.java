package io.audiojobs.worker.wakeup;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.db.PostgresListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes this node's JobRunr server the moment a job becomes ENQUEUED: a trigger on jobrunr_jobs
 * NOTIFYs, and this asks the server to fetch work at once instead of at its next poll. It never
 * blocks or stops the worker; after a lost connection it fetches once to catch up, and JobRunr's
 * poll stays the safety net.
 *
 * <p>Bursts coalesce: one drain of the connection returns every pending notification and costs
 * one fetch, however many jobs were enqueued.
 */
public final class JobWakeUpListener implements AutoCloseable {
    public static final String CHANNEL = "audiojobs_job_enqueued";
    private static final Logger log = LoggerFactory.getLogger(JobWakeUpListener.class);
    /** A fetch that ran while the poll held the onboarding lock is skipped; one more shortly after covers it. */
    private static final long FOLLOW_UP_MILLIS = 50;

    private final Runnable onboard;
    private final PostgresListener listener;
    private final AtomicLong wakeUps = new AtomicLong();

    public JobWakeUpListener(AppConfig.Database database, Runnable onboard) {
        this.onboard = onboard;
        this.listener = new PostgresListener(database, CHANNEL, "job wake-up listener", new PostgresListener.Handler() {
            @Override
            public void onNotifications(List<String> payloads) {
                wake();
                pause();
                wake();
            }

            @Override
            public void onListening() {
                wake(); // catch up with whatever was enqueued while we were not listening
            }
        });
    }

    public JobWakeUpListener start() {
        listener.start();
        return this;
    }

    /** How many times this node was woken (for tests and metrics). */
    public long wakeUps() {
        return wakeUps.get();
    }

    public long reconnects() {
        return listener.reconnects();
    }

    public boolean isListening() {
        return listener.isListening();
    }

    private void wake() {
        wakeUps.incrementAndGet();
        try {
            onboard.run();
        } catch (RuntimeException e) {
            log.warn("fetching new work after a wake-up failed; the poll will pick it up", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(FOLLOW_UP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        listener.close();
    }
}
