package io.audiojobs.shared.observability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobStats;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JobQueueMetricsTest {
    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void one_read_serves_every_state_until_the_cache_expires() {
        var registry = new SimpleMeterRegistry();
        new JobQueueMetrics(() -> stats(reads.incrementAndGet()), Duration.ofSeconds(5), clock::get).bindTo(registry);

        assertThat(gauge(registry, "enqueued")).isEqualTo(10);
        assertThat(gauge(registry, "scheduled")).isEqualTo(20);
        assertThat(gauge(registry, "processing")).isEqualTo(30);
        assertThat(gauge(registry, "failed")).isEqualTo(40);
        assertThat(reads).hasValue(1);

        clock.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(gauge(registry, "enqueued")).isEqualTo(10);
        assertThat(reads).hasValue(1);

        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(gauge(registry, "enqueued")).isEqualTo(20);
        assertThat(reads).hasValue(2);
    }

    @Test
    void an_unreadable_database_gives_nan_and_is_not_asked_again_before_the_cache_expires() {
        var registry = new SimpleMeterRegistry();
        new JobQueueMetrics(() -> {
            reads.incrementAndGet();
            throw new IllegalStateException("database down");
        }, Duration.ofSeconds(5), clock::get).bindTo(registry);

        assertThat(gauge(registry, "enqueued")).isNaN();
        assertThat(gauge(registry, "failed")).isNaN();
        assertThat(reads).hasValue(1);
    }

    @Test
    void the_gauges_keep_working_when_nothing_else_references_the_metrics() {
        var registry = new SimpleMeterRegistry();
        var metrics = new WeakReference<>(new JobQueueMetrics(() -> stats(1), Duration.ofSeconds(5), clock::get).bindTo(registry));
        // allocated after the metrics: once a collection has cleared it, that collection would have cleared the metrics too,
        // had only the weak reference above held them
        var unreachable = new WeakReference<>(new Object());
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return unreachable.get() == null;
        });

        assertThat(metrics.get()).as("the metrics, held by their gauges").isNotNull();
        assertThat(gauge(registry, "enqueued")).isEqualTo(10);
    }

    @Test
    void it_measures_the_four_queue_states() {
        assertThat(JobQueueMetrics.STATES).containsExactly(StateName.ENQUEUED, StateName.SCHEDULED, StateName.PROCESSING, StateName.FAILED);
    }

    private static double gauge(SimpleMeterRegistry registry, String state) {
        return registry.get(JobQueueMetrics.NAME).tag("state", state).gauge().value();
    }

    private static JobStats stats(long factor) {
        return new JobStats(Instant.now(), 0L, 0L, 20L * factor, 10L * factor, 30L * factor, 40L * factor, 0L, 0L, 0L, 0, 1);
    }
}
