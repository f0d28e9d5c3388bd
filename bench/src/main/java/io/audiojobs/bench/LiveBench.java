package io.audiojobs.bench;

import io.audiojobs.shared.config.AppConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Part L, live recording (SPEC §8): chunk_ack latency with many sessions streaming in real time on
 * one API node; the live transcript's lag with one worker; the API's memory over a long session.
 * The stream is real speech (flite) encoded as WebM/Opus by bench/run.sh and cut into 1 s chunks.
 */
final class LiveBench {
    private static final String WEBM = "audio/webm;codecs=opus";

    record Settings(URI live, long apiPid, AppConfig.Auth auth, Path stream, long streamMs, int sessions, int seconds,
                    int lagSessions, double longHours, int longSpeed) {}

    private final Settings settings;
    private final Report report;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<byte[]> slices = new ArrayList<>();

    LiveBench(Settings settings, Report report) throws Exception {
        this.settings = settings;
        this.report = report;
        byte[] stream = Files.readAllBytes(settings.stream());
        int perSecond = (int) Math.ceil(stream.length * 1000.0 / settings.streamMs());
        for (int at = 0; at < stream.length; at += perSecond) {
            slices.add(java.util.Arrays.copyOfRange(stream, at, Math.min(stream.length, at + perSecond)));
        }
    }

    /** The first seconds of each session, when the API node's code paths and connection pools are still warming. */
    private static final int WARM_UP_SECONDS = 5;

    /**
     * chunk_ack latency: {@code sessions} sessions of different users, one 1 s chunk per second each;
     * over all the chunks, and apart over those after each session's first {@link #WARM_UP_SECONDS}.
     */
    void acks() throws Exception {
        Users users = new Users(settings.sessions(), settings.auth());
        Latencies latencies = new Latencies(settings.sessions() * (settings.seconds() + 5));
        Latencies steady = new Latencies(settings.sessions() * (settings.seconds() + 5)); // past each session's first seconds
        List<LiveSocket> sockets = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicReference<CountDownLatch> deletions = new java.util.concurrent.atomic.AtomicReference<>();
        for (int i = 0; i < settings.sessions(); i++) {
            LiveSocket socket = new LiveSocket(http, settings.live(), users.token(i), received -> {
                var m = received.message();
                if (m.path("type").asText().equals("chunk_ack")) {
                    long sequence = m.get("sequence").asLong();
                    Long sent = sentAt.remove(m.get("sessionId").asText() + "/" + sequence);
                    if (sent != null) {
                        latencies.record(received.atNanos() - sent);
                        if (sequence >= WARM_UP_SECONDS) {
                            steady.record(received.atNanos() - sent);
                        }
                    }
                } else if (m.path("type").asText().equals("error")) {
                    latencies.fail();
                } else if (m.path("type").asText().equals("session_deleted") && deletions.get() != null) {
                    deletions.get().countDown();
                }
            });
            sockets.add(socket);
            ids.add(socket.start(WEBM));
        }
        long rssBefore = ProcessMemory.rssBytes(settings.apiPid());
        long cpuBefore = ProcessCpu.nanos(settings.apiPid());
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
        CountDownLatch sent = new CountDownLatch(settings.sessions());
        for (int i = 0; i < settings.sessions(); i++) {
            LiveSocket socket = sockets.get(i);
            UUID id = ids.get(i);
            long[] sequence = {0};
            // the sessions' seconds are spread over the second, as real speakers' are
            clock.scheduleAtFixedRate(() -> {
                if (sequence[0] >= settings.seconds()) {
                    sent.countDown();
                    throw new IllegalStateException("finished"); // cancels this schedule
                }
                long seq = sequence[0]++;
                sentAt.put(id + "/" + seq, System.nanoTime());
                socket.chunk(id, seq, slices.get((int) (seq % slices.size())));
            }, i * 1000L / settings.sessions(), 1000, TimeUnit.MILLISECONDS);
        }
        sent.await(settings.seconds() + 60L, TimeUnit.SECONDS);
        clock.shutdownNow();
        long expected = (long) settings.sessions() * settings.seconds();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (latencies.count() + latencies.failures() < expected && System.nanoTime() < waitUntil) {
            Thread.sleep(100); // the acks still on their way
        }
        long cpuNanos = ProcessCpu.nanos(settings.apiPid()) - cpuBefore;
        long rssAfter = ProcessMemory.rssBytes(settings.apiPid());
        // end the sessions before the next phase, or its workers would spend themselves decoding these
        CountDownLatch deleted = new CountDownLatch(settings.sessions());
        deletions.set(deleted);
        for (int i = 0; i < sockets.size(); i++) {
            sockets.get(i).send("{\"type\":\"delete_session\",\"sessionId\":\"" + ids.get(i) + "\"}");
        }
        deleted.await(120, TimeUnit.SECONDS);
        sockets.forEach(LiveSocket::close);
        double p99 = latencies.percentileMillis(99);
        report.row("live: chunk_ack p99, %d sessions streaming 1 chunk/s (binary frames), one API node".formatted(settings.sessions()),
                String.format(Locale.ROOT, "%.1f ms (p50 %.1f ms; after each session's first %d s: p50 %.1f ms, p99 %.1f ms; "
                                + "%d of %d acked, %d errors; API CPU %.2f ms a chunk; API RSS %s → %s)",
                        p99, latencies.percentileMillis(50), WARM_UP_SECONDS, steady.percentileMillis(50), steady.percentileMillis(99),
                        latencies.count(), expected, latencies.failures(),
                        cpuNanos / 1e6 / Math.max(1, latencies.count()),
                        ProcessMemory.formatMib(rssBefore), ProcessMemory.formatMib(rssAfter)),
                "< 50 ms", p99 < 50);
    }

    /**
     * Live transcript lag with the worker(s) running: from sending the chunk that holds a piece's end
     * (the chunk whose share of the stream covers endMs, the 300 ms into the pause that ended the
     * piece) to its chunk_transcribed. {@code lagSessions} sessions stream the speech in real time at once.
     */
    void lag(String workers) throws Exception {
        Users users = new Users(settings.lagSessions(), settings.auth());
        speak(users.token(0), new Latencies(10_000), 8); // warm-up: the worker loads its Vosk model on its first piece
        Latencies lags = new Latencies(10_000);
        List<Thread> speakers = new ArrayList<>();
        for (int i = 0; i < settings.lagSessions(); i++) {
            String token = users.token(i);
            speakers.add(Thread.ofPlatform().start(() -> speak(token, lags, slices.size())));
        }
        for (Thread speaker : speakers) {
            speaker.join();
        }
        double p50 = lags.percentileMillis(50);
        double p95 = lags.percentileMillis(95);
        report.row("live: transcript lag, %d session(s) speaking in real time, %s".formatted(settings.lagSessions(), workers),
                String.format(Locale.ROOT, "p50 %.0f ms, p95 %.0f ms (%d pieces)", p50, p95, lags.count()),
                "p50 < 1.5 s, p95 < 3 s", p50 < 1500 && p95 < 3000);
    }

    /** Streams the first {@code count} slices of the speech at its own pace, then stops the session. */
    private void speak(String token, Latencies lags, int count) {
        long[] sentAt = new long[slices.size()];
        CountDownLatch stopped = new CountDownLatch(1);
        double msPerSlice = settings.streamMs() / (double) slices.size();
        List<Long> transcribed = new ArrayList<>();
        try (LiveSocket socket = new LiveSocket(http, settings.live(), token, received -> {
            var m = received.message();
            if (m.path("type").asText().equals("chunk_transcribed")) {
                int holding = (int) Math.min(slices.size() - 1, m.at("/chunk/endMs").asLong() / msPerSlice);
                synchronized (transcribed) {
                    if (sentAt[holding] > 0) {
                        lags.record(received.atNanos() - sentAt[holding]);
                    }
                    transcribed.add(m.at("/chunk/endMs").asLong());
                }
            } else if (m.path("type").asText().equals("session_stopped")) {
                stopped.countDown();
            }
        })) {
            UUID id = socket.start(WEBM);
            long next = System.nanoTime();
            for (int seq = 0; seq < count; seq++) {
                sentAt[seq] = System.nanoTime();
                socket.chunk(id, seq, slices.get(seq));
                next += TimeUnit.MILLISECONDS.toNanos(Math.round(msPerSlice));
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // the speaker's pace, not waiting for a result
                }
            }
            Thread.sleep(5_000); // the last pieces: they end when the stream does
            socket.send("{\"type\":\"stop_session\",\"sessionId\":\"" + id + "\"}");
            stopped.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** API memory over one long session streamed at {@code longSpeed} times real time (the API node only). */
    void longSession() throws Exception {
        Users users = new Users(1, settings.auth());
        long chunks = Math.round(settings.longHours() * 3600);
        List<Long> rss = new ArrayList<>();
        int[] errors = {0};
        try (LiveSocket socket = new LiveSocket(http, settings.live(), users.token(0), received -> {
            if (received.message().path("type").asText().equals("error")) {
                errors[0]++;
            }
        })) {
            UUID id = socket.start(WEBM);
            rss.add(ProcessMemory.rssBytes(settings.apiPid()));
            long start = System.nanoTime();
            long sampleEvery = Math.max(1, chunks / 10);
            for (long seq = 0; seq < chunks; seq++) {
                socket.chunk(id, seq, slices.get((int) (seq % slices.size())));
                long due = start + TimeUnit.MILLISECONDS.toNanos(1000L * (seq + 1) / settings.longSpeed());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if ((seq + 1) % sampleEvery == 0) {
                    rss.add(ProcessMemory.rssBytes(settings.apiPid()));
                }
            }
            Thread.sleep(2_000);
            rss.add(ProcessMemory.rssBytes(settings.apiPid()));
            socket.send("{\"type\":\"delete_session\",\"sessionId\":\"" + id + "\"}");
        }
        long max = rss.stream().mapToLong(Long::longValue).max().orElseThrow();
        // a JVM's RSS rises while its heap grows to -Xmx; memory that grows with the session keeps rising after that
        long half = rss.get(rss.size() / 2);
        long secondHalf = rss.getLast() - half;
        report.row("live: API RSS over a %.1f h session streamed at %dx real time".formatted(settings.longHours(), settings.longSpeed()),
                "%s before, %s at half time, %s after (+%s over the second half; %d errors)".formatted(
                        ProcessMemory.formatMib(rss.getFirst()), ProcessMemory.formatMib(half), ProcessMemory.formatMib(rss.getLast()),
                        ProcessMemory.formatMib(Math.max(0, secondHalf)), errors[0]),
                "flat", secondHalf < (32L << 20));
        report.section("### Live: the API's RSS during the long session\n\nEvery tenth of the session: "
                + String.join(", ", rss.stream().map(ProcessMemory::formatMib).toList()) + " (at most " + ProcessMemory.formatMib(max)
                + ").\n");
    }
}
