package io.audiojobs.worker.jobserver;

import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.BackgroundJobServerStatus;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A JobRunr background job server that heals by itself. JobRunr OSS stops its server for good when
 * a heartbeat meets a storage error (PostgreSQL down) and can leave it half-alive after one. Every
 * few seconds this checks, while the database answers, that the server runs and its heartbeat is
 * fresh; if not, it stops that server and starts a fresh one with a new id — so the jobs the old
 * one held time out as orphans and are run again by whichever node is alive. It also runs the
 * node's start-up registrations (recurring jobs) once the database answers.
 */
public final class SupervisedJobServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SupervisedJobServer.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);

    private final StorageProvider storage;
    private final Supplier<BackgroundJobServer> factory;
    private final Duration heartbeatTimeout;
    private final Runnable registrations;
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("jobserver-supervisor").daemon().factory());
    private volatile BackgroundJobServer server;
    private volatile Instant startedAt;
    private volatile boolean registered;
    private volatile boolean closing;

    public SupervisedJobServer(StorageProvider storage, Supplier<BackgroundJobServer> factory, Duration pollInterval,
                               Runnable registrations) {
        this.storage = storage;
        this.factory = factory;
        this.heartbeatTimeout = pollInterval.multipliedBy(3);
        this.registrations = registrations;
        this.server = factory.get();
    }

    public SupervisedJobServer start() {
        startedAt = Instant.now();
        server.start();
        supervisor.scheduleWithFixedDelay(this::supervise, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The server currently running (a replacement after a restart). */
    public BackgroundJobServer current() {
        return server;
    }

    /** True once the server processes jobs and the start-up registrations are done. */
    public boolean isReady() {
        return registered && server.isRunning() && !server.isNotReadyToProcessJobs();
    }

    private void supervise() {
        if (closing) {
            return;
        }
        try {
            if (!registered) {
                registrations.run();
                registered = true;
            }
            Optional<String> problem = problem();
            if (problem.isPresent()) {
                log.warn("JobRunr background job server {}: {}; replacing it with a fresh one", server.getId(), problem.get());
                replace();
            }
        } catch (RuntimeException e) {
            log.warn("job server supervisor: {} (database away?); checking again in {} s", e.getMessage(), CHECK_EVERY.toSeconds());
        } catch (Throwable e) {
            // an escaping throwable would silently cancel the schedule: log it and keep supervising
            log.error("job server supervisor failed; checking again in {} s", CHECK_EVERY.toSeconds(), e);
        }
    }

    /** Why the server needs replacing, if it does; throws when the database cannot tell. */
    private Optional<String> problem() {
        log.debug("checking job server {}", server.getId());
        var servers = storage.getBackgroundJobServers(); // throws while PostgreSQL is away: no verdict then
        if (!server.isRunning()) {
            return Optional.of("it stopped");
        }
        Optional<Instant> heartbeat = servers.stream().filter(s -> s.getId().equals(server.getId()))
                .map(BackgroundJobServerStatus::getLastHeartbeat).findFirst();
        Instant now = Instant.now();
        if (heartbeat.isEmpty()) {
            return startedAt.plus(heartbeatTimeout).isBefore(now) ? Optional.of("it never announced itself") : Optional.empty();
        }
        return heartbeat.get().plus(heartbeatTimeout).isBefore(now)
                ? Optional.of("its last heartbeat was at " + heartbeat.get())
                : Optional.empty();
    }

    private synchronized void replace() {
        BackgroundJobServer old = server;
        try {
            old.stop();
        } catch (RuntimeException e) {
            log.debug("stopping the old job server: {}", e.getMessage());
        }
        BackgroundJobServer fresh = factory.get();
        startedAt = Instant.now();
        fresh.start();
        server = fresh;
    }

    @Override
    public void close() {
        closing = true;
        supervisor.shutdownNow();
        server.stop();
    }
}
