package io.audiojobs.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Samples a value (a process's RSS, the API's heap) every few milliseconds and keeps the highest. */
final class PeakSampler implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    PeakSampler(String name, LongSupplier probe, long intervalMillis) {
        thread = Thread.ofPlatform().daemon().name("sample-" + name).start(() -> {
            while (running) {
                try {
                    peak.accumulateAndGet(probe.getAsLong(), Math::max);
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a failed sample (the process between two states) is skipped, not fatal
                }
            }
        });
    }

    long peak() {
        return peak.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
