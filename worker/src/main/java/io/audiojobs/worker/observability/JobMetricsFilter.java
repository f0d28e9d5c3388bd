package io.audiojobs.worker.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.JobParameter;
import org.jobrunr.jobs.filters.JobServerFilter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts and times every run of a job on this node, by type and outcome:
 * {@code jobs_processed_total{type,outcome}}, {@code jobs_duration_seconds{type,outcome}} (with
 * buckets), and {@code jobs_failed_for_good_total{type}} when a job ends FAILED (retries exhausted,
 * or a failure no retry can fix). The type is the job request's class ({@code ConvertAudio},
 * {@code TranscribeChunk}, ...); a run is one attempt, so a job retried twice counts three runs.
 *
 * <p>A JobServerFilter only (never an ElectStateFilter: JobRunr keeps one, the retry filter). It
 * runs on the job's thread and only records in memory, well under JobRunr's 10 ms filter budget.
 */
final class JobMetricsFilter implements JobServerFilter {
    static final String PROCESSED = "jobs.processed";
    static final String DURATION = "jobs.duration";
    static final String FAILED_FOR_GOOD = "jobs.failed.for.good";

    private static final Duration[] DURATION_BUCKETS = {
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1)};

    private final MeterRegistry registry;
    /** Set and read on the job's own thread (JobRunr calls onProcessing and its outcome there); never leaks past the next run. */
    private final ThreadLocal<Started> started = new ThreadLocal<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    JobMetricsFilter(MeterRegistry registry) {
        this.registry = registry;
        warmUp();
    }

    /**
     * Registers and removes one meter of each kind, so that the first job a node runs does not pay
     * for loading the meter and histogram classes (which took over JobRunr's 10 ms filter budget
     * and made it log a warning).
     */
    private void warmUp() {
        String type = "warm-up";
        timer(type, "succeeded").record(Duration.ZERO);
        counter(PROCESSED, type, "succeeded").increment();
        counter(FAILED_FOR_GOOD, type, null).increment();
        timers.values().forEach(registry::remove);
        counters.values().forEach(registry::remove);
        timers.clear();
        counters.clear();
    }

    @Override
    public void onProcessing(Job job) {
        started.set(new Started(job.getId(), System.nanoTime()));
    }

    @Override
    public void onProcessingSucceeded(Job job) {
        finished(job, "succeeded");
    }

    @Override
    public void onProcessingFailed(Job job, Exception e) {
        finished(job, "failed");
    }

    @Override
    public void onFailedAfterRetries(Job job) {
        counter(FAILED_FOR_GOOD, typeOf(job), null).increment();
    }

    private void finished(Job job, String outcome) {
        Started run = started.get();
        started.remove();
        String type = typeOf(job);
        counter(PROCESSED, type, outcome).increment();
        if (run != null && run.jobId().equals(job.getId())) {
            timer(type, outcome).record(Duration.ofNanos(System.nanoTime() - run.nanos()));
        }
    }

    private record Started(UUID jobId, long nanos) {}

    private Timer timer(String type, String outcome) {
        return timers.computeIfAbsent(type + '\n' + outcome, key -> Timer.builder(DURATION)
                .description("Wall time of one run of a job on this node")
                .tags("type", type, "outcome", outcome)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry));
    }

    private Counter counter(String name, String type, String outcome) {
        return counters.computeIfAbsent(name + '\n' + type + '\n' + outcome, key -> {
            Counter.Builder builder = Counter.builder(name).tag("type", type);
            if (outcome != null) {
                builder.tag("outcome", outcome).description("Runs of a job on this node, by outcome");
            } else {
                builder.description("Jobs that ended FAILED on this node: retries exhausted or not retryable");
            }
            return builder.register(registry);
        });
    }

    /**
     * The job request's class name (a JobRequest job is its handler's {@code run(request)}); for a
     * lambda job, {@code Class.method}. Bounded by the code, never by data.
     */
    static String typeOf(Job job) {
        JobDetails details = job.getJobDetails();
        List<JobParameter> parameters = details.getJobParameters();
        if ("run".equals(details.getMethodName()) && parameters.size() == 1) {
            JobParameter request = parameters.get(0);
            String name = request.getActualClassName() != null ? request.getActualClassName() : request.getClassName();
            if (name != null) {
                return simpleName(name);
            }
        }
        return simpleName(details.getClassName()) + "." + details.getMethodName();
    }

    private static String simpleName(String className) {
        if (className == null) {
            return "unknown";
        }
        String name = className.substring(className.lastIndexOf('.') + 1);
        return name.substring(name.lastIndexOf('$') + 1);
    }
}
