package io.audiojobs.bench;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Seed 001's listeners, each a player of its own: it asks for a stream URL when it starts and again
 * every sixth tick (a player refreshing its link), and saves its progress on every other tick, one
 * tick per {@code interval}, starting at a random point of the first interval. Each latency counts
 * from when the request was due, so a server that falls behind is not hidden by late requests.
 * Beside them, players starting up: stream URL, master playlist, the first variant's playlist and
 * its first segment, fetched as hls.js does, timed as "time to first audio".
 */
final class Listeners {
    /** A user's record, with its length, that listeners play. */
    record Stream(String token, long recordId, long durationMs) {}

    /** @param failures why requests failed: "HTTP 503", or the exception's class, with how often */
    record Result(Latencies all, Latencies stream, Latencies progress, Latencies firstAudio, double seconds,
                  Map<String, Long> failures) {
        double perSecond() {
            return all.count() / seconds;
        }
    }

    private static final int REFRESH_EVERY = 6;

    private final BenchClient client;
    private final List<Stream> streams;
    private final List<Stream> starting;
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    /** @param starting what starting players open (recordings long enough for full 6 s first segments) */
    Listeners(BenchClient client, List<Stream> streams, List<Stream> starting) {
        this.client = client;
        this.streams = streams;
        this.starting = starting;
    }

    Result run(int listeners, Duration interval, Duration length, Duration startupEvery) {
        int ticks = (int) (length.toNanos() / interval.toNanos()) + 1;
        Latencies all = new Latencies(listeners * ticks);
        Latencies stream = new Latencies(listeners * ticks);
        Latencies progress = new Latencies(listeners * ticks);
        Latencies firstAudio = new Latencies((int) (length.toNanos() / startupEvery.toNanos()) + 1);
        long started = System.nanoTime();
        long end = started + length.toNanos();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < listeners; i++) {
                Stream played = streams.get(i % streams.size());
                long first = started + ThreadLocalRandom.current().nextLong(interval.toNanos());
                pool.submit(() -> listen(played, first, end, interval.toNanos(), all, stream, progress));
            }
            for (long due = started; due < end; due += startupEvery.toNanos()) {
                parkUntil(due);
                Stream played = starting.get(ThreadLocalRandom.current().nextInt(starting.size()));
                pool.submit(() -> timed(firstAudio, System.nanoTime(), () -> firstAudio(played)));
            }
        }
        Map<String, Long> reasons = new TreeMap<>();
        failures.forEach((reason, count) -> reasons.put(reason, count.sum()));
        failures.clear();
        return new Result(all, stream, progress, firstAudio, (System.nanoTime() - started) / 1e9, reasons);
    }

    private void listen(Stream played, long first, long end, long intervalNanos, Latencies all, Latencies stream, Latencies progress) {
        int tick = 0;
        for (long due = first; due < end; due += intervalNanos, tick++) {
            parkUntil(due);
            long positionMs = (tick * 1_000L) % played.durationMs();
            boolean refresh = tick % REFRESH_EVERY == 0;
            boolean ok = timed(refresh ? stream : progress, due, () -> refresh
                    ? expect(200, client.get(played.token(), "/audio/stream/" + played.recordId()).statusCode())
                    : expect(204, client.put(played.token(), "/audio/progress",
                            Map.of("scriptId", played.recordId(), "positionMs", positionMs)).statusCode()));
            if (ok) {
                all.record(System.nanoTime() - due);
            } else {
                all.fail();
            }
        }
    }

    /** A player starting: what it fetches before it can play the first sound. */
    private boolean firstAudio(Stream played) throws Exception {
        HttpResponse<String> link = client.get(played.token(), "/audio/stream/" + played.recordId());
        if (!expect(200, link.statusCode())) {
            return false;
        }
        String master = BenchClient.json(link.body()).get("url").asText();
        String masterPlaylist = text(master);
        if (masterPlaylist == null) {
            return false;
        }
        String variant = resolve(master, firstUri(masterPlaylist));
        String variantPlaylist = text(variant);
        return variantPlaylist != null && expect(200, client.fetch(resolve(variant, firstUri(variantPlaylist))).statusCode());
    }

    /** The playlist at {@code url}, or null when it did not answer 200. */
    private String text(String url) throws Exception {
        HttpResponse<byte[]> response = client.fetch(url);
        return expect(200, response.statusCode()) ? new String(response.body(), StandardCharsets.UTF_8) : null;
    }

    private boolean expect(int expected, int status) {
        if (status != expected) {
            failures.computeIfAbsent("HTTP " + status, r -> new LongAdder()).increment();
        }
        return status == expected;
    }

    private static String firstUri(String playlist) {
        return playlist.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                .orElseThrow(() -> new IllegalStateException("a playlist without URIs: " + playlist));
    }

    private static String resolve(String base, String relative) {
        return base.substring(0, base.lastIndexOf('/') + 1) + relative;
    }

    @FunctionalInterface
    private interface Call {
        boolean send() throws Exception;
    }

    /** Runs the call and records its latency from {@code since} when it got the expected answer. */
    private boolean timed(Latencies latencies, long since, Call call) {
        try {
            if (call.send()) {
                latencies.record(System.nanoTime() - since);
                return true;
            }
        } catch (Exception e) {
            failures.computeIfAbsent(e.getClass().getSimpleName(), r -> new LongAdder()).increment();
        }
        latencies.fail();
        return false;
    }

    private static void parkUntil(long due) {
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }
}
