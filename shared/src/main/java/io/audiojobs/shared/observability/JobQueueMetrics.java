package io.audiojobs.shared.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobStats;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Gauge {@code jobs_queue_depth{state}}: how many jobs the whole cluster holds in ENQUEUED,
 * SCHEDULED, PROCESSING and FAILED. One query (JobRunr's {@code StorageProvider#getJobStats()}, a
 * read of its {@code jobrunr_jobs_stats} view) serves all four states and is cached for a few
 * seconds, so scrapes, however frequent, do not load the database. While the database cannot be
 * read the gauges are NaN rather than stale numbers.
 *
 * <p>Every process that binds this reports the same cluster-wide numbers: aggregate with
 * {@code max}, not {@code sum}.
 */
public final class JobQueueMetrics {
    public static final String NAME = "jobs.queue.depth";
    public static final List<StateName> STATES = List.of(StateName.ENQUEUED, StateName.SCHEDULED, StateName.PROCESSING, StateName.FAILED);
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(JobQueueMetrics.class);

    private final Supplier<JobStats> stats;
    private final long ttlNanos;
    private final LongSupplier nanoClock;

    private JobStats cached;
    private long readAtNanos;
    private boolean hasRead;
    private boolean failing;

    public JobQueueMetrics(StorageProvider storage) {
        this(storage::getJobStats, DEFAULT_TTL, System::nanoTime);
    }

    public JobQueueMetrics(Supplier<JobStats> stats, Duration ttl, LongSupplier nanoClock) {
        this.stats = stats;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    public JobQueueMetrics bindTo(MeterRegistry registry) {
        for (StateName state : STATES) {
            Gauge.builder(NAME, this, metrics -> metrics.depth(state))
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("Jobs in this state in the whole cluster (cached for a few seconds)")
                    .strongReference(true) // Micrometer holds gauge objects weakly: unreferenced, this would read NaN after a GC
                    .register(registry);
        }
        return this;
    }

    /** The number of jobs in the state, at most the cache's age old; NaN when the database cannot be read. */
    public double depth(StateName state) {
        JobStats current = current();
        if (current == null) {
            return Double.NaN;
        }
        Long count = switch (state) {
            case ENQUEUED -> current.getEnqueued();
            case SCHEDULED -> current.getScheduled();
            case PROCESSING -> current.getProcessing();
            case FAILED -> current.getFailed();
            case SUCCEEDED -> current.getSucceeded();
            case DELETED -> current.getDeleted();
            case AWAITING -> current.getAwaiting();
        };
        return count == null ? Double.NaN : count;
    }

    private synchronized JobStats current() {
        long now = nanoClock.getAsLong();
        if (hasRead && now - readAtNanos < ttlNanos) {
            return cached;
        }
        hasRead = true;
        readAtNanos = now;
        try {
            cached = stats.get();
            if (failing) {
                log.info("job queue depth readable again");
                failing = false;
            }
        } catch (RuntimeException e) {
            cached = null; // a failed read is cached too: a scrape storm does not retry it
            if (!failing) {
                log.warn("job queue depth unavailable: {}", e.toString());
                failing = true;
            }
        }
        return cached;
    }
}
