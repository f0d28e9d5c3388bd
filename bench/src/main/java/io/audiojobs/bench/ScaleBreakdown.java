package io.audiojobs.bench;

import java.util.Locale;
import java.util.stream.Collectors;

/** The scale-out parts' section: where each configuration's time went, and what that allows the ratio. */
final class ScaleBreakdown {
    private final ScaleRuns runs;

    ScaleBreakdown(ScaleRuns runs) {
        this.runs = runs;
    }

    String markdown() {
        StringBuilder table = new StringBuilder("""
                ### Scale-out per core: where the time goes

                Workers pinned with `taskset -c` (worker i on core i), `WORKER_THREADS` as given; the API, PostgreSQL
                and S3 are not pinned. Medians in seconds (pickup in ms): pickup = record created -> convert started;
                cut = transcribe started -> chunk jobs enqueued (the audio cut at pauses, chunks stored); chunks -> the
                last chunk transcribed; merge -> transcript saved; analyze = transcribe finished -> analyze finished;
                other = hand-offs between steps and the client's last poll. Chunk work = time in chunk jobs, summed over
                workers. Load = the machine's 1-minute load average at the start of the runs (2 = both cores busy).

                | part | workers / cores | runs | audio | total | pickup ms | convert | cut | chunks | merge | analyze | other | chunk work | chunks per worker | load |
                | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
                """);
        for (ScaleRuns group : runs.groups()) {
            ScaleRun first = group.first();
            table.append(String.format(Locale.ROOT, "| %s | %d / %d | %d | %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    first.part(), first.workers(), first.cores(), group.size(), ScaleRuns.minutes(first.audioMs()),
                    group.seconds(ScaleRun::totalMs), group.median(r -> r.spans().pickup()),
                    group.seconds(r -> r.spans().convert()), group.seconds(r -> r.spans().cut()),
                    group.seconds(r -> r.spans().chunks()), group.seconds(r -> r.spans().merge()),
                    group.seconds(r -> r.spans().analyze()), group.seconds(ScaleRun::otherMs), group.seconds(ScaleRun::chunkWorkMs),
                    chunksPerWorker(first), group.spread(ScaleRun::loadBefore).compact(1)));
        }
        return table.append(amdahl()).toString();
    }

    /** Only the chunks are shared out: what halving them gives, with the rest as measured. */
    private String amdahl() {
        ScaleRuns one = runs.of("scale", 1);
        ScaleRuns two = runs.of("scale", 2);
        if (one.isEmpty() || two.isEmpty()) {
            return "";
        }
        double total1 = one.median(ScaleRun::totalMs) / 1000;
        double chunks1 = one.median(r -> r.spans().chunks()) / 1000;
        double chunks2 = two.median(r -> r.spans().chunks()) / 1000;
        double serial1 = total1 - chunks1;
        double serial2 = two.median(ScaleRun::totalMs) / 1000 - chunks2;
        return String.format(Locale.ROOT, """

                Only the chunks are shared out: with 2 workers they took %.1f s instead of %.1f s (%.2fx). Everything
                else runs on one worker whatever the count: %.1f s of the 1-worker run's %.1f s, %.1f s with 2 workers.
                With that serial part as measured, halving the chunks would give at best %.2fx.
                """, chunks2, chunks1, chunks1 / chunks2, serial1, total1, serial2, total1 / (serial2 + chunks1 / 2));
    }

    /** "5 / 6" (of the group's first run): how evenly the chunks were shared. */
    private static String chunksPerWorker(ScaleRun run) {
        return run.chunksByWorker().values().stream().map(String::valueOf).collect(Collectors.joining(" / "));
    }
}
