package io.audiojobs.worker.transcribe.chunks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test inputs made with the real ffmpeg, ffprobe and flite; no code under test is used. */
final class ChunkFixtures {

    static final String FFMPEG = System.getenv().getOrDefault("FFMPEG", "ffmpeg");
    static final String FFPROBE = System.getenv().getOrDefault("FFPROBE", "ffprobe");
    static final String FLITE = System.getenv().getOrDefault("FLITE", "flite");
    static final int RATE = 16_000;
    static final int SAMPLES_PER_MS = RATE / 1000;

    private ChunkFixtures() {}

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("Fixture command failed: " + command + "\n" + printed);
        }
        return printed;
    }

    /** Runs {@code ffmpeg -v error -y <args> output}. */
    static Path ffmpeg(Path output, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(FFMPEG, "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        command.add(output.toString());
        run(command);
        return output;
    }

    /** Raw 16 kHz mono s16le samples of {@code text} spoken by flite's "slt" voice. */
    static byte[] speech(Path dir, String text) throws IOException, InterruptedException {
        Path wav = Files.createTempFile(dir, "flite", ".wav");
        run(List.of(FLITE, "-voice", "slt", "-t", text, "-o", wav.toString()));
        return rawPcm(dir, wav);
    }

    /** The samples of any audio file as 16 kHz mono s16le, decoded by ffmpeg. */
    static byte[] rawPcm(Path dir, Path audio) throws IOException, InterruptedException {
        Path raw = Files.createTempFile(dir, "pcm", ".raw");
        ffmpeg(raw, "-i", audio.toString(), "-f", "s16le", "-acodec", "pcm_s16le", "-ar", "16000", "-ac", "1");
        return Files.readAllBytes(raw);
    }

    /** Wraps raw 16 kHz mono s16le samples into a WAV file with ffmpeg. */
    static Path wavFromRaw(byte[] pcm, Path output) throws IOException, InterruptedException {
        Path raw = Files.createTempFile(output.toAbsolutePath().getParent(), "in", ".raw");
        Files.write(raw, pcm);
        return ffmpeg(output, "-f", "s16le", "-ar", "16000", "-ac", "1", "-i", raw.toString(), "-c:a", "pcm_s16le");
    }

    static byte[] silence(long ms) {
        return new byte[(int) (ms * SAMPLES_PER_MS * 2)];
    }

    /** A sine of {@code amplitude} (fraction of full scale) as raw 16 kHz s16le samples. */
    static byte[] tone(long ms, double frequency, double amplitude) {
        int samples = (int) (ms * SAMPLES_PER_MS);
        ByteBuffer buffer = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            buffer.putShort((short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * frequency * i / RATE)));
        }
        return buffer.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static long durationMs(byte[] pcm) {
        return pcm.length / 2 / SAMPLES_PER_MS;
    }

    /** The audio stream's duration as ffprobe reports it, in milliseconds. */
    static long probeDurationMs(Path audio) throws IOException, InterruptedException {
        String printed = run(List.of(FFPROBE, "-v", "error", "-select_streams", "a:0",
                "-show_entries", "stream=duration,sample_rate,channels,codec_name",
                "-of", "default=noprint_wrappers=1", audio.toString()));
        if (!printed.contains("codec_name=pcm_s16le") || !printed.contains("sample_rate=16000")
                || !printed.contains("channels=1")) {
            throw new IllegalStateException("Not 16 kHz mono s16le: " + printed);
        }
        for (String line : printed.split("\\R")) {
            if (line.startsWith("duration=")) {
                return Math.round(Double.parseDouble(line.substring("duration=".length())) * 1000);
            }
        }
        throw new IllegalStateException("No duration in: " + printed);
    }
}
