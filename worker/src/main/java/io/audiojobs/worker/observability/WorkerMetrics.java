package io.audiojobs.worker.observability;

import io.audiojobs.shared.observability.JobQueueMetrics;
import io.audiojobs.shared.observability.JvmMetrics;
import io.audiojobs.shared.observability.PrometheusMetrics;
import io.audiojobs.worker.transcribe.SpeechToText;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jobrunr.jobs.filters.JobServerFilter;
import org.jobrunr.storage.StorageProvider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker node's metrics: the JVM, jobs run by type and outcome with their durations
 * ({@link #jobFilter()}), the cluster's queue depth by state, and the speech-to-text real-time
 * factor; served in Prometheus text by {@link #serve(int)}.
 *
 * <pre>{@code
 * WorkerMetrics metrics = WorkerMetrics.create(storage);          // own registry + JVM metrics
 * server.setJobFilters(List.of(retryFilter, new RequestIdJobFilter(), metrics.jobFilter()));
 * metrics.serve(port);                                            // GET http://host:port/metrics
 * }</pre>
 */
public final class WorkerMetrics implements SpeechMetrics, AutoCloseable {
    /**
     * Prometheus {@code stt_real_time_factor_percent{engine}}. In percent, not as a fraction:
     * Micrometer's fixed-boundary histograms round each value up to a whole number before bucketing
     * (TimeWindowFixedBoundaryHistogram#recordDouble uses Math.ceil), so buckets at 0.25 or 0.5
     * would all count as 1; at 25 or 50 they are right. _sum and _max are exact.
     */
    public static final String REAL_TIME_FACTOR = "stt.real.time.factor";
    private static final double[] REAL_TIME_FACTOR_BUCKETS_PERCENT = {5, 10, 25, 50, 75, 100, 150, 200, 400};

    private final MeterRegistry registry;
    private final JvmMetrics jvm;
    private final JobMetricsFilter jobFilter;
    private final Map<String, DistributionSummary> realTimeFactors = new ConcurrentHashMap<>();
    private volatile MetricsHttpServer http;

    /**
     * @param registry where the meters go (a {@link PrometheusMeterRegistry} to {@link #serve} them)
     * @param storage  the JobRunr storage the queue depth is read from
     * @param bindJvm  false when the registry already has the JVM metrics (the dev stack shares the
     *                 API's registry)
     */
    public WorkerMetrics(MeterRegistry registry, StorageProvider storage, boolean bindJvm) {
        this.registry = registry;
        this.jvm = bindJvm ? JvmMetrics.bindTo(registry) : null;
        this.jobFilter = new JobMetricsFilter(registry);
        new JobQueueMetrics(storage).bindTo(registry);
    }

    /** The worker's metrics on a new Prometheus registry, JVM metrics included. */
    public static WorkerMetrics create(StorageProvider storage) {
        return new WorkerMetrics(PrometheusMetrics.newRegistry(), storage, true);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Register on the BackgroundJobServer: counts and times every run of a job by type and outcome. */
    public JobServerFilter jobFilter() {
        return jobFilter;
    }

    /**
     * {@code stt_real_time_factor_percent{engine}}: 100 x processing time / audio length of one
     * transcription (25 = four times faster than real time; above 100 = slower than real time).
     */
    @Override
    public void recordRealTimeFactor(String engine, long audioMillis, long processingMillis) {
        if (audioMillis <= 0 || processingMillis < 0) {
            return;
        }
        String name = engine == null || engine.isBlank() ? "unknown" : engine;
        realTimeFactors.computeIfAbsent(name, key -> DistributionSummary.builder(REAL_TIME_FACTOR)
                        .description("Speech-to-text processing time per audio length, in percent (below 100: faster than real time)")
                        .baseUnit("percent")
                        .tag("engine", key)
                        .serviceLevelObjectives(REAL_TIME_FACTOR_BUCKETS_PERCENT)
                        .register(registry))
                .record(100.0 * processingMillis / audioMillis);
    }

    /** The engine, measured: each successful transcription records its real-time factor here. */
    public SpeechToText timed(SpeechToText engine) {
        return new TimedSpeechToText(engine, this);
    }

    /**
     * Serves GET /metrics on the port (0: any free port) until {@link #close()}. Whether a worker
     * serves at all (WORKER_METRICS_PORT unset or 0) is the caller's decision.
     */
    public synchronized MetricsHttpServer serve(int port) {
        if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
            throw new IllegalStateException("serving /metrics needs a PrometheusMeterRegistry, not " + registry.getClass().getName());
        }
        if (http != null) {
            throw new IllegalStateException("already serving on port " + http.port());
        }
        http = MetricsHttpServer.start(port, prometheus);
        return http;
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
            http = null;
        }
        if (jvm != null) {
            jvm.close();
        }
    }
}
