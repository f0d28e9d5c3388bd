package io.audiojobs.worker;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.jobs.ConvertAudioHandler;
import io.audiojobs.shared.jobs.PickupProbeHandler;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.worker.convert.ConvertAudioJob;
import io.audiojobs.worker.convert.FfmpegTranscoder;
import io.audiojobs.worker.pipeline.BackoffRetryFilter;
import io.audiojobs.worker.pipeline.StepHandlers;
import io.audiojobs.worker.pipeline.StepRunner;
import io.audiojobs.worker.wakeup.JobRunrOnboarding;
import io.audiojobs.worker.wakeup.JobWakeUpListener;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;

import java.util.List;
import java.util.Map;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

/**
 * One worker node: a JobRunr background job server with the product's step handlers. Any number
 * of nodes can run against one database; JobRunr hands each job to one of them.
 */
public final class WorkerNode implements AutoCloseable {
    private final BackgroundJobServer server;
    private final JobWakeUpListener wakeUpListener;

    public WorkerNode(AppConfig config, Jdbi jdbi, ObjectStore store, StorageProvider storage, JsonMapper jsonMapper) {
        PipelineJobs jobs = new PipelineJobs(new JobRequestScheduler(storage), config.retry().retriesAfterFirst());
        StepRunner steps = new StepRunner(jdbi, jobs, config.retry().retriesAfterFirst());
        var transcoder = new FfmpegTranscoder(config.tools().ffmpeg(), config.tools().ffprobe(), config.limits().maxDuration());
        var handlers = new StepHandlers(Map.of(
                ConvertAudioHandler.class,
                new ConvertAudioHandler(new ConvertAudioJob(jdbi, store, transcoder, steps, config.tools().workDir())),
                PickupProbeHandler.class, new PickupProbeHandler(jdbi, nodeName())));

        this.server = new BackgroundJobServer(storage, jsonMapper, handlers,
                usingStandardBackgroundJobServerConfiguration()
                        .andPollIntervalInSeconds(config.worker().pollSeconds())
                        .andWorkerCount(config.worker().threads()));
        server.setJobFilters(List.of(new BackoffRetryFilter(config.retry().baseSeconds())));
        this.wakeUpListener = config.worker().wakeUp()
                ? new JobWakeUpListener(config.database(), new JobRunrOnboarding(server))
                : null;
    }

    public WorkerNode start() {
        server.start();
        if (wakeUpListener != null) {
            wakeUpListener.start();
        }
        return this;
    }

    /** The NOTIFY listener that wakes this node, or empty when JOB_WAKEUP=off. */
    public java.util.Optional<JobWakeUpListener> wakeUpListener() {
        return java.util.Optional.ofNullable(wakeUpListener);
    }

    private static String nodeName() {
        return ProcessHandle.current().pid() + "@" + System.getenv().getOrDefault("HOSTNAME", "localhost");
    }

    public BackgroundJobServer server() {
        return server;
    }

    /** Stops taking work; JobRunr lets running jobs finish for a bounded time, then hands them back. */
    @Override
    public void close() {
        if (wakeUpListener != null) {
            wakeUpListener.close();
        }
        server.stop();
    }
}
