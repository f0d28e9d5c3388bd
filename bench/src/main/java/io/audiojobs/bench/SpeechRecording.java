package io.audiojobs.bench;

import io.audiojobs.worker.testing.SpeechFixtures;

import java.nio.file.Path;
import java.time.Duration;

/**
 * `SpeechRecording <file.wav> <minutes>`: at least that many minutes of speech (flite reading the
 * test script over and over, 800 ms between sentences, 16 kHz mono WAV), for the scale-out parts.
 * Vosk has real work on every chunk, and the pause splitter finds the pauses a talk has.
 */
public final class SpeechRecording {
    private SpeechRecording() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SpeechRecording <file.wav> <minutes>");
            System.exit(2);
        }
        var recording = SpeechFixtures.longRecording(Path.of(args[0]), Duration.ofSeconds(Math.round(Double.parseDouble(args[1]) * 60)),
                Duration.ofMillis(800));
        System.out.println(recording.durationMs());
    }
}
