package io.audiojobs.worker.live;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.live.FinishLiveSessionHandler;
import io.audiojobs.shared.live.LiveJobs;
import io.audiojobs.shared.live.SweepLiveSessions;
import io.audiojobs.shared.live.SweepLiveSessionsHandler;
import io.audiojobs.shared.storage.ObjectStore;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.scheduling.JobRequestScheduler;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A worker node's part in live recording: the job handlers (finishing a stopped session into a
 * record, the recurring sweep of idle sessions) and the recurring job registration.
 */
public final class LiveWork implements AutoCloseable {
    private final AppConfig.Live config;
    private final Map<Class<?>, Object> handlers;

    public LiveWork(AppConfig config, Jdbi jdbi, ObjectStore store, JobRequestScheduler scheduler, PipelineJobs pipeline) {
        this.config = config.live();
        int retries = config.retry().retriesAfterFirst();
        LiveJobs jobs = new LiveJobs(scheduler, retries);
        this.handlers = Map.of(
                FinishLiveSessionHandler.class, new FinishLiveSessionHandler(new LiveSessionFinisher(jdbi, store, pipeline,
                        config.live().gapGrace(), config.limits().maxUploadBytes(), retries, Clock.systemUTC())),
                SweepLiveSessionsHandler.class, new SweepLiveSessionsHandler(
                        new LiveSessionSweeper(jdbi, jobs, config.live().idleTimeout(), Clock.systemUTC())));
    }

    public Map<Class<?>, Object> handlers() {
        return handlers;
    }

    /** Every node registers the same recurring id: JobRunr keeps one, run once per interval. */
    public void registerRecurringJobs(JobRequestScheduler scheduler) {
        Duration every = LiveSessionSweeper.interval(config.idleTimeout());
        scheduler.scheduleRecurrently(SweepLiveSessions.RECURRING_ID, every, new SweepLiveSessions());
    }

    public LiveWork start() {
        return this;
    }

    @Override
    public void close() {
        // the live decoders stop here (next slice)
    }
}
