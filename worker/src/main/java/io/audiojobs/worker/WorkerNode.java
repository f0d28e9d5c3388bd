package io.audiojobs.worker;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.jobs.AnalyzeAudioHandler;
import io.audiojobs.shared.jobs.CleanupOrphans;
import io.audiojobs.shared.jobs.CleanupOrphansHandler;
import io.audiojobs.shared.jobs.ConvertAudioHandler;
import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.shared.jobs.PickupProbeHandler;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.jobs.PurgeIdempotencyKeys;
import io.audiojobs.shared.jobs.PurgeIdempotencyKeysHandler;
import io.audiojobs.shared.observability.RequestIdJobFilter;
import io.audiojobs.shared.playback.HlsJobs;
import io.audiojobs.shared.playback.MakeHlsHandler;
import io.audiojobs.worker.playback.HlsRenditionJob;
import io.audiojobs.worker.observability.WorkerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.audiojobs.shared.jobs.RequeueMissedSteps;
import io.audiojobs.shared.jobs.RequeueMissedStepsHandler;
import io.audiojobs.shared.jobs.TranscribeAudioHandler;
import io.audiojobs.shared.jobs.TranscribeChunkHandler;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.webhooks.DeliverWebhook;
import io.audiojobs.shared.webhooks.DeliverWebhookHandler;
import io.audiojobs.shared.webhooks.Webhooks;
import io.audiojobs.worker.analyze.AnalyzeAudioJob;
import io.audiojobs.worker.analyze.llm.LlmSummarizer;
import io.audiojobs.worker.analyze.metrics.LoudnessMeter;
import io.audiojobs.worker.cleanup.IdempotencyKeyPurge;
import io.audiojobs.worker.cleanup.MissedStepSweeper;
import io.audiojobs.worker.cleanup.OrphanCleanupJob;
import io.audiojobs.worker.convert.ConvertAudioJob;
import io.audiojobs.worker.convert.FfmpegTranscoder;
import io.audiojobs.worker.jobserver.SupervisedJobServer;
import io.audiojobs.worker.live.LiveWork;
import io.audiojobs.worker.media.ToolTimeLimit;
import io.audiojobs.worker.openai.OpenAiConnection;
import io.audiojobs.worker.pipeline.BackoffRetryFilter;
import io.audiojobs.worker.pipeline.FinishedRecords;
import io.audiojobs.worker.pipeline.StepHandlers;
import io.audiojobs.worker.pipeline.StepRunner;
import io.audiojobs.worker.pipeline.WorkDir;
import io.audiojobs.worker.transcribe.SpeechEngines;
import io.audiojobs.worker.transcribe.TranscribeAudioJob;
import io.audiojobs.worker.transcribe.TranscribeChunkJob;
import io.audiojobs.worker.wakeup.JobRunrOnboarding;
import io.audiojobs.worker.wakeup.JobWakeUpListener;
import io.audiojobs.worker.webhooks.WebhookDeliveryJob;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

/**
 * One worker node: a JobRunr background job server with the product's step handlers, woken by
 * PostgreSQL NOTIFY when a job is enqueued. Any number of nodes can run against one database;
 * JobRunr hands each job to one of them.
 */
public final class WorkerNode implements AutoCloseable {
    /** openai-java's own quick retries per LLM call (the summary is optional: no job retry). */
    private static final int LLM_CLIENT_RETRIES = 2;

    private final SupervisedJobServer jobServer;
    private final Optional<WebhookDeliveryJob> webhookDelivery;
    private final JobRequestScheduler scheduler;
    private final Duration cleanupInterval;
    private final JobWakeUpListener wakeUpListener;
    private final SpeechEngines engines;
    private final Optional<LlmSummarizer> summarizer;
    private final LiveWork live;

    public WorkerNode(AppConfig config, Jdbi jdbi, ObjectStore store, StorageProvider storage, JsonMapper jsonMapper) {
        this(config, jdbi, store, storage, jsonMapper, new WorkerMetrics(new SimpleMeterRegistry(), storage, false));
    }

    /** @param metrics where the node's job and speech-to-text metrics go; the caller serves and closes it */
    public WorkerNode(AppConfig config, Jdbi jdbi, ObjectStore store, StorageProvider storage, JsonMapper jsonMapper,
                      WorkerMetrics metrics) {
        this.scheduler = new JobRequestScheduler(storage, List.of(new RequestIdJobFilter()));
        this.cleanupInterval = config.limits().cleanupInterval();
        PipelineJobs jobs = new PipelineJobs(scheduler, config.retry().retriesAfterFirst());
        int webhookRetries = config.webhooks().attempts() - 1;
        Webhooks webhooks = new Webhooks(webhookRetries);
        StepRunner steps = new StepRunner(jdbi, jobs, config.retry().retriesAfterFirst(),
                new FinishedRecords(jdbi, store, webhooks, scheduler));
        this.webhookDelivery = config.webhooks().secret().map(secret -> new WebhookDeliveryJob(jdbi, secret, webhookRetries,
                config.webhooks().targets()));
        WorkDir workDir = new WorkDir(config.tools().workDir());
        var toolTimeLimit = new ToolTimeLimit(config.tools().minTimeout(), config.tools().timeoutFactor());
        var transcoder = new FfmpegTranscoder(config.tools().ffmpeg(), config.tools().ffprobe(), config.limits().maxDuration(),
                toolTimeLimit);
        this.engines = new SpeechEngines(config.stt(), metrics::timed);
        this.summarizer = config.stt().llmModel().map(model -> new LlmSummarizer(new OpenAiConnection(
                config.stt().openaiBaseUrl().orElseThrow(), config.stt().openaiApiKey(),
                config.stt().openaiTimeout(), LLM_CLIENT_RETRIES), model));

        this.live = new LiveWork(config, jdbi, store, scheduler, jobs, engines, workDir, toolTimeLimit, nodeName());
        var handlers = new StepHandlers(merged(live.handlers(), Map.of(
                ConvertAudioHandler.class, new ConvertAudioHandler(new ConvertAudioJob(jdbi, store, transcoder, steps, workDir,
                        new HlsJobs(scheduler, config.retry().retriesAfterFirst()))),
                MakeHlsHandler.class, new MakeHlsHandler(new HlsRenditionJob(jdbi, store, transcoder, workDir)),
                TranscribeAudioHandler.class, new TranscribeAudioHandler(
                        new TranscribeAudioJob(jdbi, store, engines, config.stt(), steps, jobs, workDir)),
                TranscribeChunkHandler.class, new TranscribeChunkHandler(
                        new TranscribeChunkJob(jdbi, store, engines, steps, workDir, nodeName())),
                AnalyzeAudioHandler.class, new AnalyzeAudioHandler(new AnalyzeAudioJob(jdbi, store,
                        new LoudnessMeter(config.tools().ffmpeg(), toolTimeLimit), summarizer, steps, workDir)),
                CleanupOrphansHandler.class, new CleanupOrphansHandler(
                        new OrphanCleanupJob(jdbi, store, config.limits().orphanUploadTtl(), Clock.systemUTC())),
                PurgeIdempotencyKeysHandler.class, new PurgeIdempotencyKeysHandler(
                        new IdempotencyKeyPurge(jdbi, Clock.systemUTC())),
                RequeueMissedStepsHandler.class, new RequeueMissedStepsHandler(
                        new MissedStepSweeper(jdbi, jobs, Clock.systemUTC())),
                DeliverWebhookHandler.class, new DeliverWebhookHandler(webhookDelivery.isPresent()
                        ? webhookDelivery.get() : WorkerNode::webhooksNotConfigured),
                PickupProbeHandler.class, new PickupProbeHandler(jdbi, nodeName()))));

        Duration poll = Duration.ofSeconds(config.worker().pollSeconds());
        this.jobServer = new SupervisedJobServer(storage, () -> {
            var server = new BackgroundJobServer(storage, jsonMapper, handlers,
                    usingStandardBackgroundJobServerConfiguration()
                            .andName(nodeName())
                            .andPollInterval(poll)
                            .andWorkerCount(config.worker().threads())
                            .andInterruptJobsAwaitDurationOnStopBackgroundJobServer(config.worker().shutdownGrace()));
            server.setJobFilters(List.of(new BackoffRetryFilter(config.retry().baseSeconds()),
                    new RequestIdJobFilter(), metrics.jobFilter()));
            return server;
        }, poll, this::registerRecurringJobs);
        this.wakeUpListener = config.worker().wakeUp()
                ? new JobWakeUpListener(config.database(), new JobRunrOnboarding(jobServer::current))
                : null;
    }

    public WorkerNode start() {
        jobServer.start();
        live.start();
        if (wakeUpListener != null) {
            wakeUpListener.start();
        }
        return this;
    }

    /** Every node registers the same recurring ids: JobRunr keeps one of each, run once per interval. */
    private void registerRecurringJobs() {
        scheduler.scheduleRecurrently(CleanupOrphans.RECURRING_ID, cleanupInterval, new CleanupOrphans());
        scheduler.scheduleRecurrently(PurgeIdempotencyKeys.RECURRING_ID, cleanupInterval, new PurgeIdempotencyKeys());
        scheduler.scheduleRecurrently(RequeueMissedSteps.RECURRING_ID, Duration.ofMinutes(1), new RequeueMissedSteps());
        live.registerRecurringJobs(scheduler);
    }

    private static Map<Class<?>, Object> merged(Map<Class<?>, Object> a, Map<Class<?>, Object> b) {
        var all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }

    /** True once the node runs jobs and its recurring jobs are registered. */
    public boolean isReady() {
        return jobServer.isReady();
    }

    public BackgroundJobServer server() {
        return jobServer.current();
    }

    /** The NOTIFY listener that wakes this node, or empty when JOB_WAKEUP=off. */
    public Optional<JobWakeUpListener> wakeUpListener() {
        return Optional.ofNullable(wakeUpListener);
    }

    private static void webhooksNotConfigured(DeliverWebhook delivery, JobContext context) {
        throw new PermanentJobFailure("WEBHOOK_SECRET is not set on the workers, so webhooks cannot be signed");
    }

    private static String nodeName() {
        return ProcessHandle.current().pid() + "@" + System.getenv().getOrDefault("HOSTNAME", "localhost");
    }

    /** Stops taking work; JobRunr lets running jobs finish for a bounded time, then hands them back. */
    @Override
    public void close() {
        if (wakeUpListener != null) {
            wakeUpListener.close();
        }
        live.close();
        jobServer.close();
        webhookDelivery.ifPresent(WebhookDeliveryJob::close);
        engines.close();
        summarizer.ifPresent(LlmSummarizer::close);
    }
}
