package io.audiojobs.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** The two ways the driver offers requests: closed loop (N clients) and open loop (a fixed rate). */
final class Load {
    private Load() {}

    /** The i-th request; true when the answer was the expected one. */
    @FunctionalInterface
    interface Call {
        boolean send(int i) throws Exception;
    }

    record Result(Latencies latencies, double seconds) {
        double perSecond() {
            return latencies.count() / seconds;
        }
    }

    /** {@code clients} clients, each sending its next request when its last one is answered, until n are sent. */
    static Result closed(int clients, int n, Call call) {
        Latencies latencies = new Latencies(n);
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        measure(latencies, call, i, sent);
                    }
                });
            }
        }
        return new Result(latencies, (System.nanoTime() - started) / 1e9);
    }

    /**
     * n requests at a fixed rate, sent when due whatever the earlier ones are doing. Each latency
     * counts from when the request was due, so a stalled server is not hidden by the client waiting.
     */
    static Result open(double perSecond, int n, Call call) {
        Latencies latencies = new Latencies(n);
        long periodNanos = (long) (1e9 / perSecond);
        long started = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                long due = started + i * periodNanos;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                int request = i;
                pool.submit(() -> measure(latencies, call, request, due));
            }
        }
        return new Result(latencies, (System.nanoTime() - started) / 1e9);
    }

    private static void measure(Latencies latencies, Call call, int i, long since) {
        try {
            if (call.send(i)) {
                latencies.record(System.nanoTime() - since);
                return;
            }
        } catch (Exception e) {
            // counted below
        }
        latencies.fail();
    }
}
