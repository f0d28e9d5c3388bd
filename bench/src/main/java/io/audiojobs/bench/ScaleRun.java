package io.audiojobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * One measured recording of the scale-out parts, as a JSON line in the results file: which part and
 * how many workers on how many cores, the end-to-end time, where it went, and how loaded the
 * machine was (1-minute load average at the start and the end: the machine is shared).
 */
record ScaleRun(String part, int workers, int cores, int threads, long audioMs, long totalMs, PipelineTimeline.Spans spans,
                int chunkCount, long chunkWorkMs, Map<String, Integer> chunksByWorker, double loadBefore, double loadAfter) {
    private static final ObjectMapper JSON = new ObjectMapper();

    long otherMs() {
        return totalMs - spans.sum();
    }

    /** Core-seconds of the run per second of audio: end-to-end time times the cores it had. */
    double coreSecondsPerAudioSecond() {
        return (double) totalMs * cores / audioMs;
    }

    void appendTo(Path results) {
        try {
            Files.writeString(results, JSON.writeValueAsString(this) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ScaleRun> readAll(Path results) throws IOException {
        if (!Files.exists(results)) {
            return List.of();
        }
        return Files.readAllLines(results).stream().filter(line -> !line.isBlank()).map(line -> {
            try {
                return JSON.readValue(line, ScaleRun.class);
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable line in " + results + ": " + line, e);
            }
        }).toList();
    }

    /** The 1-minute load average from /proc/loadavg, or -1 where there is none. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
