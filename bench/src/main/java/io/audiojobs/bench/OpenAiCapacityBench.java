package io.audiojobs.bench;

import io.audiojobs.shared.config.AppConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Part D of `./audiojobs bench`, second half (the API with no worker, so nothing finishes): how many
 * requests to {@code POST /v1/audio/transcriptions} one API node holds waiting at once on its heap.
 * The files go in a few at a time (BENCH_OPENAI_UPLOADS_IN_FLIGHT), as fast as the node streams direct uploads (it answers 503
 * UPLOADS_BUSY beyond MAX_CONCURRENT_DIRECT_UPLOADS, and the client tries again); once all wait (the
 * API's gauge says so), the live heap (after a full GC, through jcmd) and the thread count are read; then every
 * request must get its 504 still_processing at OPENAI_COMPAT_MAX_WAIT: held to the end, none dropped.
 */
final class OpenAiCapacityBench {
    private static final long MIB = 1024 * 1024;
    private static final String WAITING = "audiojobs_openai_waiting_requests";

    record Settings(String apiUrl, long apiPid, AppConfig.Auth auth, int waiters, Duration maxWait, int uploadsInFlight) {}

    private final Settings settings;
    private final Report report;
    private final BenchClient client;
    private final AtomicInteger busyRetries = new AtomicInteger();
    private final Map<Integer, AtomicInteger> outcomes = new ConcurrentHashMap<>();

    OpenAiCapacityBench(Settings settings, Report report) {
        this.settings = settings;
        this.report = report;
        this.client = new BenchClient(settings.apiUrl());
    }

    void run() throws Exception {
        Users users = new Users(Math.max(1, settings.waiters() / 10), settings.auth()); // 10 calls each: under the write limit
        byte[] wav = Wav.silence(16_000, 1.0);
        long idleHeap = liveHeap();
        long idleThreads = threads();

        long started = System.nanoTime();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        int waiting = 0;
        while (waiting < settings.waiters() && System.nanoTime() < deadline) {
            // a few files on their way at a time: each request being uploaded holds a server thread (the
            // servlet reads its body), and a crowd of them grows the thread pool, which waiting does not
            while (calls.size() < settings.waiters() && calls.size() - waiting - finished() < settings.uploadsInFlight()) {
                calls.add(call(users.token(calls.size()), wav));
            }
            Thread.sleep(100);
            waiting = (int) client.metric(WAITING);
        }
        double fillSeconds = (System.nanoTime() - started) / 1e9;
        long heldHeap = liveHeap();
        long heldThreads = threads();
        long heldRss = ProcessMemory.rssBytes(settings.apiPid());
        int peak = Math.max(waiting, (int) client.metric(WAITING));

        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .get(settings.maxWait().toSeconds() + 240, TimeUnit.SECONDS);
        int answered504 = outcomes.getOrDefault(504, new AtomicInteger()).get();

        long perRequest = peak == 0 ? 0 : (heldHeap - idleHeap) / peak;
        report.row("requests waiting at once on one API node (-Xmx256m, no worker)", peak + " of " + settings.waiters()
                        + String.format(Locale.ROOT, " (all in after %.1f s; %d direct-upload 503s retried)", fillSeconds, busyRetries.get()),
                "1,000", peak >= 1_000);
        report.row("API live heap (after a full GC): idle -> with them waiting",
                ProcessMemory.formatMib(idleHeap) + " -> " + ProcessMemory.formatMib(heldHeap)
                        + String.format(Locale.ROOT, " (%.1f KiB per waiting request)", perRequest / 1024.0),
                "< 256 MiB", heldHeap < 256 * MIB);
        report.row("API threads: idle -> with them waiting; API RSS with them waiting",
                idleThreads + " -> " + heldThreads + "; " + ProcessMemory.formatMib(heldRss));
        report.row("answered 504 still_processing (naming the record) at OPENAI_COMPAT_MAX_WAIT=" + settings.maxWait().toSeconds() + " s",
                answered504 + " of " + settings.waiters() + " " + outcomes, "all", answered504 == settings.waiters());
    }

    /** One call, tried again after a short pause while the node answers 503 (its direct-upload slots are full). */
    private CompletableFuture<Void> call(String token, byte[] wav) {
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        attempt(token, wav, outcome);
        return outcome;
    }

    private void attempt(String token, byte[] wav, CompletableFuture<Void> outcome) {
        client.sendAsync(client.transcription(token, wav, "json")).whenComplete((response, failure) -> {
            if (failure != null) {
                outcomes.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet(); // -1: connection failed
                outcome.complete(null);
            } else if (response.statusCode() == 503) {
                busyRetries.incrementAndGet();
                long pause = 50 + ThreadLocalRandom.current().nextLong(200);
                Thread.startVirtualThread(() -> {
                    sleep(pause);
                    attempt(token, wav, outcome);
                });
            } else {
                outcomes.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                outcome.complete(null);
            }
        });
    }

    /** Calls answered already (they wait no more). */
    private int finished() {
        return outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The API's heap in use right after a full GC (jcmd GC.run): what the live objects take. */
    private long liveHeap() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), String.valueOf(settings.apiPid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + settings.apiPid() + " GC.run failed");
        }
        return client.heapUsedBytes();
    }

    private long threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(settings.apiPid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no thread count for process " + settings.apiPid());
    }
}
