package io.audiojobs.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** Latencies of one measured run (nanoseconds), and their percentiles by the nearest-rank method. */
final class Latencies {
    private final long[] nanos;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();

    Latencies(int capacity) {
        this.nanos = new long[capacity];
    }

    void record(long latencyNanos) {
        nanos[count.getAndIncrement()] = latencyNanos;
    }

    void fail() {
        failures.incrementAndGet();
    }

    int count() {
        return count.get();
    }

    int failures() {
        return failures.get();
    }

    /** The p-th percentile in milliseconds (0 < p <= 100): the smallest value at or above p % of them. */
    double percentileMillis(double p) {
        int n = count.get();
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
