package io.audiojobs.worker.live;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.live.FinishLiveSessionHandler;
import io.audiojobs.shared.live.LiveJobs;
import io.audiojobs.shared.live.SweepLiveSessions;
import io.audiojobs.shared.live.SweepLiveSessionsHandler;
import io.audiojobs.shared.live.TranscribeLivePieceHandler;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.worker.media.ToolTimeLimit;
import io.audiojobs.worker.pipeline.WorkDir;
import io.audiojobs.worker.transcribe.SpeechEngines;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.scheduling.JobRequestScheduler;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A worker node's part in live recording: the decoders of the sessions it holds (outside JobRunr's
 * worker threads, see {@link LiveDecoders}), and the job handlers: a piece's transcription, finishing
 * a stopped session into a record, and the recurring sweep of idle sessions.
 */
public final class LiveWork implements AutoCloseable {
    private final AppConfig.Live config;
    private final Map<Class<?>, Object> handlers;
    private final LiveDecoders decoders;

    public LiveWork(AppConfig config, Jdbi jdbi, ObjectStore store, JobRequestScheduler scheduler, PipelineJobs pipeline,
                    SpeechEngines engines, WorkDir workDir, ToolTimeLimit toolTimeLimit, String node) {
        this.config = config.live();
        int retries = config.retry().retriesAfterFirst();
        LiveJobs jobs = new LiveJobs(scheduler, retries);
        this.handlers = Map.of(
                TranscribeLivePieceHandler.class, new TranscribeLivePieceHandler(
                        new LivePieceJob(jdbi, store, engines, workDir, retries)),
                FinishLiveSessionHandler.class, new FinishLiveSessionHandler(new LiveSessionFinisher(jdbi, store, pipeline,
                        config.live().gapGrace(), config.limits().maxUploadBytes(), retries, Clock.systemUTC())),
                SweepLiveSessionsHandler.class, new SweepLiveSessionsHandler(
                        new LiveSessionSweeper(jdbi, store, jobs, config.live().idleTimeout(), Clock.systemUTC())));
        // a fresh name per process start: a restarted node must not find its dead predecessor's leases its own
        // a decode runs as long as its session, but not longer: once its input ends (the session was stopped,
        // or swept after LIVE_IDLE_TIMEOUT without a chunk) ffmpeg has MEDIA_TOOL_MIN_TIMEOUT to finish; and it
        // is killed if it takes no input and gives no PCM for longer than a session may stay silent
        Duration idle = config.live().idleTimeout();
        var ffmpeg = new PcmDecoder.Limits(config.tools().ffmpeg(), toolTimeLimit.minimum(),
                idle.plus(LiveSessionSweeper.interval(idle)).plus(toolTimeLimit.minimum()));
        this.decoders = new LiveDecoders(config.database(), jdbi, store, jobs, ffmpeg,
                config.live().sessionsPerWorker(), node + "/" + UUID.randomUUID().toString().substring(0, 8));
    }

    public Map<Class<?>, Object> handlers() {
        return handlers;
    }

    /** Every node registers the same recurring id: JobRunr keeps one, run once per interval. */
    public void registerRecurringJobs(JobRequestScheduler scheduler) {
        Duration every = LiveSessionSweeper.interval(config.idleTimeout());
        scheduler.scheduleRecurrently(SweepLiveSessions.RECURRING_ID, every, new SweepLiveSessions());
    }

    public LiveDecoders decoders() {
        return decoders;
    }

    public LiveWork start() {
        decoders.start();
        return this;
    }

    /** Hands the sessions this node decodes back, so another node goes on with them at once. */
    @Override
    public void close() {
        decoders.close();
    }
}
