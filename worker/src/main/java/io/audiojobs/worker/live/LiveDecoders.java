package io.audiojobs.worker.live;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.db.PostgresListener;
import io.audiojobs.shared.live.LiveJobs;
import io.audiojobs.shared.storage.ObjectStore;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live sessions this worker node decodes, at most LIVE_SESSIONS_PER_WORKER at once. A session
 * records for hours, so its decoder does not run as a JobRunr job: it would hold one of the node's
 * few JobRunr worker threads for the whole session, and with as many sessions as threads no
 * transcription job could run on the node. Instead each node claims sessions in PostgreSQL with a
 * lease ({@code FOR UPDATE SKIP LOCKED}, so two nodes never claim the same one) and renews it while
 * it decodes; when a node dies its leases run out and another node takes the sessions over, decoding
 * them again from their first chunk. A node that stops hands its sessions back at once. New chunks
 * and new sessions wake the nodes through NOTIFY; a poll every {@link #TICK} is the safety net.
 */
public final class LiveDecoders implements AutoCloseable {
    public static final String CHANNEL = "audiojobs_live_work";
    private static final Logger log = LoggerFactory.getLogger(LiveDecoders.class);
    static final Duration LEASE = Duration.ofSeconds(15);
    static final Duration TICK = Duration.ofSeconds(2);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);
    private static final long MIN_CLAIM_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Decodes of one session that may fail before live transcription gives up on it (its record is still made). */
    static final int MAX_ATTEMPTS = 3;

    private final Jdbi jdbi;
    private final ObjectStore store;
    private final LiveJobs jobs;
    private final PcmDecoder.Limits ffmpeg;
    private final int capacity;
    private final String node;
    private final Map<UUID, LiveDecoder> running = new ConcurrentHashMap<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final PostgresListener listener;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("live-decoders").daemon().factory());
    private final AtomicLong lastClaim = new AtomicLong();
    private volatile boolean closing;

    LiveDecoders(AppConfig.Database database, Jdbi jdbi, ObjectStore store, LiveJobs jobs, PcmDecoder.Limits ffmpeg,
                        int capacity, String node) {
        this.jdbi = jdbi;
        this.store = store;
        this.jobs = jobs;
        this.ffmpeg = ffmpeg;
        this.capacity = capacity;
        this.node = node;
        this.listener = new PostgresListener(database, CHANNEL, "live work listener", new PostgresListener.Handler() {
            @Override
            public void onNotifications(List<String> payloads) {
                boolean unknown = false;
                for (String payload : payloads) {
                    LiveDecoder decoder = decoderOf(payload);
                    if (decoder != null) {
                        decoder.wake();
                    } else {
                        unknown = true;
                    }
                }
                if (unknown && running.size() < capacity) {
                    ticker.execute(LiveDecoders.this::claimSoon);
                }
            }

            @Override
            public void onListening() {
                ticker.execute(LiveDecoders.this::claim);
            }
        });
    }

    public LiveDecoders start() {
        if (capacity > 0) {
            listener.start();
            ticker.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** The sessions decoding on this node now. */
    public Set<UUID> decoding() {
        return Set.copyOf(running.keySet());
    }

    private void tick() {
        try {
            renew();
            claim();
        } catch (RuntimeException e) {
            log.warn("live decoders: {} (database away?); trying again in {} s", e.getMessage(), TICK.toSeconds());
        }
    }

    /** Renews this node's leases; a session whose lease another node took over stops decoding here. */
    private void renew() {
        if (running.isEmpty()) {
            return;
        }
        List<UUID> held = jdbi.withHandle(h -> h.createQuery("""
                        UPDATE live_sessions SET decoder_lease_until = now() + CAST(:lease AS interval)
                        WHERE decoder = :holder AND id = ANY(:ids) RETURNING id""")
                .bind("lease", LEASE.toSeconds() + " seconds").bind("holder", node)
                .bind("ids", running.keySet().toArray(UUID[]::new)).mapTo(UUID.class).list());
        for (UUID id : running.keySet()) {
            if (!held.contains(id)) {
                log.warn("live session {}: this node lost its lease; another node decodes it", id);
                LiveDecoder lost = running.remove(id);
                if (lost != null) {
                    lost.stop();
                }
            }
        }
    }

    private void claimSoon() {
        long now = System.nanoTime();
        long last = lastClaim.get();
        if (now - last >= MIN_CLAIM_GAP_NANOS && lastClaim.compareAndSet(last, now)) {
            try {
                claim();
            } catch (RuntimeException e) {
                log.debug("live decoders: claim failed: {}", e.getMessage());
            }
        }
    }

    /** Claims sessions no node decodes (new ones, or ones whose node's lease ran out), up to the free capacity. */
    private synchronized void claim() {
        int free = capacity - running.size();
        if (free <= 0 || closing) {
            return;
        }
        List<UUID> claimed = jdbi.withHandle(h -> h.createQuery("""
                        UPDATE live_sessions SET decoder = :holder, decoder_lease_until = now() + CAST(:lease AS interval),
                                                 decoder_attempts = decoder_attempts + 1
                        WHERE id IN (SELECT id FROM live_sessions
                                     WHERE decoder_done_at IS NULL AND status <> 'failed'
                                       AND (decoder_lease_until IS NULL OR decoder_lease_until < now())
                                     ORDER BY created_at LIMIT :free FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .bind("holder", node).bind("lease", LEASE.toSeconds() + " seconds").bind("free", free)
                .mapTo(UUID.class).list());
        claimed.forEach(this::launch);
    }

    private void launch(UUID sessionId) {
        LiveDecoder decoder = new LiveDecoder(sessionId, jdbi, store, jobs, ffmpeg);
        running.put(sessionId, decoder);
        Thread thread = Thread.ofVirtual().name("live-decode-" + sessionId).unstarted(() -> {
            Throwable failure = null;
            try {
                decoder.run();
            } catch (Throwable e) {
                failure = e;
            } finally {
                threads.remove(Thread.currentThread());
            }
            finished(decoder, failure);
        });
        threads.add(thread);
        thread.start();
    }

    private void finished(LiveDecoder decoder, Throwable failure) {
        UUID id = decoder.sessionId();
        if (running.get(id) != decoder) {
            return; // stopped because the lease was lost: the session is someone else's now
        }
        if (closing) {
            return; // close() hands every session back
        }
        running.remove(id);
        try {
            if (failure == null || failure instanceof LiveDecoder.SessionGone || !exists(id)) {
                release(id, Duration.ZERO, null);
            } else {
                log.warn("live session {}: decoding failed: {}", id, failure.getMessage(), failure);
                release(id, RETRY_AFTER_FAILURE, String.valueOf(failure.getMessage()));
            }
        } catch (RuntimeException e) {
            log.warn("live session {}: could not hand back the lease ({}); it runs out in {}", id, e.getMessage(), LEASE);
        }
        ticker.execute(this::claimSoon);
    }

    /**
     * Hands a session back: at once, or after a pause when decoding failed; after
     * {@link #MAX_ATTEMPTS} failed decodes, live transcription of the session stops for good.
     */
    private void release(UUID id, Duration after, String error) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE live_sessions
                        SET decoder = NULL,
                            decoder_lease_until = CASE WHEN :after > 0 THEN now() + CAST(:afterText AS interval) END,
                            decoder_error = COALESCE(:error, decoder_error),
                            decoder_done_at = CASE WHEN :error IS NOT NULL AND decoder_attempts >= :maxAttempts
                                                   THEN now() ELSE decoder_done_at END
                        WHERE id = :id AND decoder = :holder""")
                .bind("after", after.toMillis()).bind("afterText", after.toMillis() + " milliseconds")
                .bind("error", error).bind("maxAttempts", MAX_ATTEMPTS).bind("id", id).bind("holder", node).execute());
    }

    /** False once the session is deleted (decoding it then fails on its missing rows: nothing to retry). */
    private boolean exists(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM live_sessions WHERE id = :id").bind("id", id)
                .mapTo(Integer.class).one()) > 0;
    }

    private LiveDecoder decoderOf(String payload) {
        try {
            return running.get(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Stops every decoder and hands its session back at once, so another node goes on with it. */
    @Override
    public void close() {
        closing = true;
        ticker.shutdownNow();
        listener.close();
        running.values().forEach(LiveDecoder::stop);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!running.isEmpty()) {
            try {
                jdbi.useHandle(h -> h.createUpdate("""
                                UPDATE live_sessions SET decoder = NULL, decoder_lease_until = NULL
                                WHERE decoder = :holder AND id = ANY(:ids)""")
                        .bind("holder", node).bind("ids", running.keySet().toArray(UUID[]::new)).execute());
            } catch (RuntimeException e) {
                log.warn("live decoders: could not hand back {} sessions ({}); their leases run out in {}",
                        running.size(), e.getMessage(), LEASE);
            }
            running.clear();
        }
    }
}
