package io.audiojobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.worker.testing.SpeechFixtures;
import io.audiojobs.worker.transcribe.TranscriptionRequest;
import io.audiojobs.worker.transcribe.vosk.VoskSpeechToText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * `VoskCeiling <chunk.wav> <results> <alongside> <start-at-epoch-ms>`: what the machine itself gives
 * part D. Loads the Vosk model (untimed), waits for the agreed instant, transcribes the chunk three
 * times and appends the time to the results. bench/run.sh runs it pinned alone on core 0, then two at
 * once on cores 0 and 1: the pipeline's heaviest work with none of the pipeline around it, in the
 * same minutes as the scale runs.
 */
public final class VoskCeiling {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPEATS = 3;

    /** One process's time for the chunk, {@code alongside} processes running at once (itself included). */
    record Run(int alongside, long audioMs, long millis, long lateMs) {}

    private VoskCeiling() {}

    public static void main(String[] args) throws Exception {
        Path wav = Path.of(args[0]);
        Path results = Path.of(args[1]);
        int alongside = Integer.parseInt(args[2]);
        Instant startAt = Instant.ofEpochMilli(Long.parseLong(args[3]));
        try (var vosk = new VoskSpeechToText(Path.of(System.getenv("VOSK_MODEL_PATH")))) {
            long lateMs = Math.max(0, Duration.between(startAt, Instant.now()).toMillis());
            Duration wait = Duration.between(Instant.now(), startAt);
            if (!wait.isNegative()) {
                Thread.sleep(wait); // both processes start together, each after its own model load
            }
            long started = System.nanoTime();
            for (int i = 0; i < REPEATS; i++) {
                vosk.transcribe(wav, new TranscriptionRequest("en", null));
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            append(results, new Run(alongside, SpeechFixtures.durationOf(wav).toMillis() * REPEATS, millis, lateMs));
        }
    }

    static List<Run> readAll(Path results) throws IOException {
        if (!Files.exists(results)) {
            return List.of();
        }
        return Files.readAllLines(results).stream().filter(line -> !line.isBlank()).map(line -> {
            try {
                return JSON.readValue(line, Run.class);
            } catch (IOException e) {
                throw new UncheckedIOException(line, e);
            }
        }).toList();
    }

    private static void append(Path results, Run run) throws IOException {
        Files.writeString(results, JSON.writeValueAsString(run) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
