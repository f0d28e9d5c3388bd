package io.audiojobs.bench;

import java.util.List;
import java.util.Locale;

/**
 * The rows of parts D (scale: 1 worker on 1 core vs 2 workers on 2 cores, the same recording, runs
 * interleaved) and E (hour: an hour of speech on every core), and their breakdown
 * ({@link ScaleBreakdown}), from the runs {@link ScaleBench} appended to the results file.
 */
final class ScaleReport {
    /** AssemblyAI, "Lower latency, lower cost, more possibilities": a 1 h 3 min meeting in 35 s (their cloud GPUs). */
    static final double ASSEMBLYAI_SECONDS = 35;
    static final double ASSEMBLYAI_AUDIO_SECONDS = 63 * 60;
    static final double SCALE_TARGET = 1.8;

    private final ScaleRuns runs;
    private final List<VoskCeiling.Run> ceiling;
    private final Report report;

    /** @param ceiling Vosk alone on 1 core and on 2 at once, measured between the scale runs (may be empty) */
    ScaleReport(ScaleRuns runs, List<VoskCeiling.Run> ceiling, Report report) {
        this.runs = runs;
        this.ceiling = ceiling;
        this.report = report;
    }

    void write() {
        ScaleRuns one = runs.of("scale", 1);
        ScaleRuns two = runs.of("scale", 2);
        if (!one.isEmpty() && !two.isEmpty()) {
            scaleOut(one, two);
        }
        if (!runs.of("hour").isEmpty()) {
            hour(runs.of("hour"), one);
        }
        if (!runs.isEmpty()) {
            report.section(new ScaleBreakdown(runs).markdown());
        }
    }

    private void scaleOut(ScaleRuns one, ScaleRuns two) {
        String audio = ScaleRuns.minutes(one.first().audioMs());
        report.row(audio + " of speech, 1 worker pinned to 1 core (WORKER_THREADS=" + one.first().threads()
                + "): record created -> COMPLETED", one.spread(r -> r.totalMs() / 1000.0).format("s", 1));
        report.row(audio + " of speech, 2 workers pinned to 2 cores (one each): record created -> COMPLETED",
                two.spread(r -> r.totalMs() / 1000.0).format("s", 1));
        double ratio = one.median(ScaleRun::totalMs) / two.median(ScaleRun::totalMs);
        int pairCount = Math.min(one.size(), two.size());
        Spread pairs = new Spread();
        for (int i = 0; i < pairCount; i++) {
            pairs.add((double) one.get(i).totalMs() / two.get(i).totalMs());
        }
        report.row("scale-out per core: 2 workers on 2 cores vs 1 on 1 (ratio of the medians; of each pair of runs in brackets)",
                String.format(Locale.ROOT, "%.2fx (%.2f–%.2f, %d pairs)", ratio, pairs.min(), pairs.max(), pairCount),
                ">= " + SCALE_TARGET + "x", ratio >= SCALE_TARGET);
        double chunks = one.median(r -> r.spans().chunks()) / two.median(r -> r.spans().chunks());
        report.row("the same, the chunks alone (the part the workers share)", String.format(Locale.ROOT, "%.2fx", chunks));
        machineCeiling(ratio);
    }

    /** What 2 cores give Vosk alone in the same minutes: the most the pipeline could get from this machine. */
    private void machineCeiling(double pipelineRatio) {
        Spread alone = new Spread();
        Spread together = new Spread();
        ceiling.forEach(run -> (run.alongside() == 1 ? alone : together).add(run.millis()));
        if (ceiling.stream().noneMatch(r -> r.alongside() == 1) || ceiling.stream().noneMatch(r -> r.alongside() == 2)) {
            return;
        }
        double ratio = 2 * alone.median() / together.median();
        report.row("the machine's ceiling in the same minutes: Vosk alone on a 1-minute chunk, 2 processes on 2 pinned cores vs 1 "
                        + "(work done per second)", String.format(Locale.ROOT, "%.2fx (1 alone: %s; each of 2 together: %s); the pipeline "
                        + "got %.0f %% of it", ratio, alone.format("ms", 0), together.format("ms", 0), 100 * pipelineRatio / ratio));
    }

    private void hour(ScaleRuns hour, ScaleRuns oneCore) {
        ScaleRun first = hour.first();
        double seconds = hour.median(ScaleRun::totalMs) / 1000;
        double perCore = hour.median(ScaleRun::coreSecondsPerAudioSecond);
        report.row(ScaleRuns.minutes(first.audioMs()) + " of speech, " + first.workers() + " workers pinned to " + first.cores()
                + " cores: record created -> COMPLETED", hour.spread(r -> r.totalMs() / 1000.0).format("s", 0));
        report.row("per core: core-time per hour of audio (end-to-end time x cores)", String.format(Locale.ROOT,
                "%.0f s (%.3f x real time per core)", perCore * 3600, perCore));
        double theirs = ASSEMBLYAI_SECONDS * first.audioMs() / 1000 / ASSEMBLYAI_AUDIO_SECONDS;
        report.row("beside AssemblyAI's published 35 s for a 1 h 3 min meeting (their cloud GPUs)", String.format(Locale.ROOT,
                "%.0f s here on %d cores: %.1fx their time for as much audio", seconds, first.cores(), seconds / theirs));
        double serial = hour.median(r -> r.totalMs() - r.spans().chunks()) / 1000;
        report.row("of that, what one worker does alone (pickup, convert, cut, merge, analyze): no worker count goes below it",
                String.format(Locale.ROOT, "%.0f s", serial));
        String sizing = String.format(Locale.ROOT, "%d (this run: %.3f core-seconds per second of audio, x 60)",
                workersFor(perCore), perCore);
        if (!oneCore.isEmpty()) {
            double single = oneCore.median(ScaleRun::coreSecondsPerAudioSecond);
            sizing += String.format(Locale.ROOT, "; %d from part D's 1 worker on 1 core (%.3f)", workersFor(single), single);
        }
        report.row("workers (one core each) to keep up with one hour of audio arriving every minute", sizing);
    }

    /** Workers of one core each that get through 60 s of audio every second, at {@code coreSeconds} per second of audio. */
    static int workersFor(double coreSeconds) {
        return (int) Math.ceil(coreSeconds * 60 - 1e-9);
    }
}
