package io.audiojobs.worker.convert;

import io.audiojobs.worker.media.ToolTimeLimit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Makes test inputs with the real ffmpeg. */
final class AudioFixtures {

    static final String FFMPEG = System.getenv().getOrDefault("FFMPEG", "ffmpeg");
    static final String FFPROBE = System.getenv().getOrDefault("FFPROBE", "ffprobe");
    /** The production defaults: plenty for the seconds-long files of the tests. */
    static final ToolTimeLimit TIME_LIMIT = new ToolTimeLimit(Duration.ofMinutes(1), 0.5);

    private AudioFixtures() {}

    /** Runs {@code ffmpeg -v error -y <args>} and fails the test if it fails. */
    static Path ffmpeg(Path output, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(FFMPEG, "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        command.add(output.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("Fixture command failed: " + command + "\n" + printed);
        }
        return output;
    }

    /** A 440 Hz tone at the sine filter's default (quiet) amplitude. */
    static Path tone(Path output, double seconds, int sampleRate, int channels, String... codecArgs)
            throws IOException, InterruptedException {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "-f", "lavfi",
                                "-i", "sine=frequency=440:sample_rate=" + sampleRate + ":duration=" + seconds,
                                "-ac", String.valueOf(channels)));
        args.addAll(List.of(codecArgs));
        return ffmpeg(output, args.toArray(String[]::new));
    }

    /** Keeps only the first {@code fraction} of the bytes of {@code source}. */
    static Path truncatedCopy(Path source, double fraction, Path output) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        byte[] kept = new byte[(int) (bytes.length * fraction)];
        System.arraycopy(bytes, 0, kept, 0, kept.length);
        return Files.write(output, kept);
    }
}
