package io.audiojobs.worker.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real speech for tests, synthesized from a known script with {@code flite} and normalized with
 * {@code ffmpeg} to what the convert step writes: 16 kHz mono 16-bit little-endian PCM WAV. Because
 * the words are known, a transcript can be scored ({@link WordErrorRate}); because the layout is
 * known, so can its timing ({@link Recording#utterances()}).
 *
 * <p>flite takes about 0.1 s per sentence; long recordings synthesize each distinct sentence once
 * and repeat its samples, so ten minutes of audio costs about a second. Executables can be overridden
 * with the environment variables {@code FLITE} and {@code FFMPEG}.
 */
public final class SpeechFixtures {

    public static final String FLITE = System.getenv().getOrDefault("FLITE", "flite");
    public static final String FFMPEG = System.getenv().getOrDefault("FFMPEG", "ffmpeg");

    public static final int SAMPLE_RATE = 16_000;
    public static final int BYTES_PER_SECOND = SAMPLE_RATE * 2;

    /** flite's US English female voice; the others are kal16, awb, rms (and kal, 8 kHz). */
    public static final String DEFAULT_VOICE = "slt";

    /**
     * Ten plain English sentences: common, varied vocabulary, no numbers, no names a speech model
     * could spell differently. Word error rate of Vosk's small English model on flite's slt voice is
     * a few percent.
     */
    public static final List<String> SCRIPT = List.of(
            "The weather was cold and windy when we arrived at the station.",
            "She opened the window and listened to the birds in the garden.",
            "Please send the report to the team before the meeting on Friday.",
            "A good cup of coffee can make a long morning feel much shorter.",
            "The children played football in the park until it got dark.",
            "He forgot his umbrella on the train and walked home in the rain.",
            "Our new kitchen has a large table and plenty of natural light.",
            "The doctor asked her to rest for a few days and drink more water.",
            "Every summer the family drives to the mountains for a quiet holiday.",
            "The old library downtown will close early for repairs next week.");

    /** The whole {@link #SCRIPT} as one text: what a perfect transcript of it would say. */
    public static final String REFERENCE = String.join(" ", SCRIPT);

    /** Where one sentence's synthesized clip sits in a recording (clip bounds, incl. flite's own lead-in). */
    public record Utterance(String text, long startMs, long endMs) {}

    /** A synthesized recording: the WAV file and where each sentence is in it. */
    public record Recording(Path wav, List<Utterance> utterances, long durationMs) {

        /** The sentences in order, joined by spaces: the reference for {@link WordErrorRate}. */
        public String referenceText() {
            return utterances.stream().map(Utterance::text).collect(Collectors.joining(" "));
        }

        public Duration duration() {
            return Duration.ofMillis(durationMs);
        }
    }

    private SpeechFixtures() {}

    /** The sentences of {@link #SCRIPT} from {@code from} (inclusive) to {@code to} (exclusive). */
    public static List<String> script(int from, int to) {
        return SCRIPT.subList(from, to);
    }

    /** {@code text} spoken by the default voice, as a 16 kHz mono s16le WAV at {@code output}. */
    public static Path speak(String text, Path output) throws IOException, InterruptedException {
        return speak(text, DEFAULT_VOICE, output);
    }

    /** {@code text} spoken by a flite voice (slt, kal16, awb, rms), as a 16 kHz mono s16le WAV. */
    public static Path speak(String text, String voice, Path output) throws IOException, InterruptedException {
        Path raw = Files.createTempFile("flite-", ".wav");
        try {
            run(List.of(FLITE, "-voice", voice, "-t", text, "-o", raw.toString()));
            return ffmpeg(output, "-i", raw.toString(), "-ar", String.valueOf(SAMPLE_RATE), "-ac", "1",
                    "-c:a", "pcm_s16le");
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    /**
     * The sentences spoken one after another by the default voice with {@code silenceBetween} of
     * digital silence between them (none before the first or after the last).
     */
    public static Recording recording(Path output, List<String> sentences, Duration silenceBetween)
            throws IOException, InterruptedException {
        return recording(output, sentences, silenceBetween, DEFAULT_VOICE);
    }

    /** As {@link #recording(Path, List, Duration)}, with a chosen flite voice. */
    public static Recording recording(Path output, List<String> sentences, Duration silenceBetween, String voice)
            throws IOException, InterruptedException {
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("no sentences");
        }
        Path work = Files.createTempDirectory("speech-fixture-");
        try {
            Map<String, Path> clips = new LinkedHashMap<>();
            for (String sentence : sentences) {
                if (!clips.containsKey(sentence)) {
                    clips.put(sentence, pcm(sentence, voice, work.resolve("clip-" + clips.size() + ".raw")));
                }
            }
            Map<String, Long> sizes = new HashMap<>();
            for (Map.Entry<String, Path> clip : clips.entrySet()) {
                sizes.put(clip.getKey(), Files.size(clip.getValue()));
            }
            long gapBytes = Math.round(silenceBetween.toNanos() / 1e9 * SAMPLE_RATE) * 2;
            long dataBytes = gapBytes * (sentences.size() - 1);
            for (String sentence : sentences) {
                dataBytes += sizes.get(sentence);
            }
            List<Utterance> utterances = new ArrayList<>();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 64 * 1024)) {
                out.write(wavHeader(dataBytes));
                long position = 0;
                for (int i = 0; i < sentences.size(); i++) {
                    if (i > 0) {
                        writeZeros(out, gapBytes);
                        position += gapBytes;
                    }
                    String sentence = sentences.get(i);
                    Files.copy(clips.get(sentence), out);
                    long end = position + sizes.get(sentence);
                    utterances.add(new Utterance(sentence, millis(position), millis(end)));
                    position = end;
                }
            }
            return new Recording(output, List.copyOf(utterances), millis(dataBytes));
        } finally {
            deleteRecursively(work);
        }
    }

    /**
     * At least {@code atLeast} of speech: {@link #SCRIPT} over and over, {@code silenceBetween}
     * between sentences. For chunking and long-running tests (several minutes take about a second
     * to build).
     */
    public static Recording longRecording(Path output, Duration atLeast, Duration silenceBetween)
            throws IOException, InterruptedException {
        // Measure the script once to know how many sentences are needed.
        Path work = Files.createTempDirectory("speech-fixture-");
        long scriptMillis = 0;
        try {
            for (int i = 0; i < SCRIPT.size(); i++) {
                scriptMillis += millis(Files.size(pcm(SCRIPT.get(i), DEFAULT_VOICE, work.resolve(i + ".raw"))));
            }
        } finally {
            deleteRecursively(work);
        }
        double perSentence = scriptMillis / (double) SCRIPT.size() + silenceBetween.toMillis();
        int count = Math.max(1, (int) Math.ceil(atLeast.toMillis() / perSentence) + 1);
        List<String> sentences = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sentences.add(SCRIPT.get(i % SCRIPT.size()));
        }
        return recording(output, sentences, silenceBetween);
    }

    /** {@code length} of digital silence as a 16 kHz mono s16le WAV (ffmpeg's anullsrc). */
    public static Path silence(Path output, Duration length) throws IOException, InterruptedException {
        return ffmpeg(output, "-f", "lavfi", "-i",
                "anullsrc=r=" + SAMPLE_RATE + ":cl=mono", "-t", seconds(length), "-c:a", "pcm_s16le");
    }

    /** Runs {@code ffmpeg -nostdin -v error -y <args> <output>}; fails if ffmpeg does. */
    public static Path ffmpeg(Path output, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(FFMPEG, "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        command.add(output.toString());
        run(command);
        return output;
    }

    /** The duration of a 16 kHz mono s16le WAV (as these helpers and ffmpeg write it), from its data chunk. */
    public static Duration durationOf(Path wav) throws IOException {
        long fileSize = Files.size(wav);
        try (InputStream in = Files.newInputStream(wav)) {
            byte[] header = in.readNBytes(12);
            if (header.length < 12 || !new String(header, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")) {
                throw new IOException(wav + " is not a WAV file");
            }
            long position = 12;
            while (true) {
                byte[] chunk = in.readNBytes(8);
                if (chunk.length < 8) {
                    throw new IOException(wav + " has no data chunk");
                }
                position += 8;
                String id = new String(chunk, 0, 4, StandardCharsets.US_ASCII);
                long size = Integer.toUnsignedLong(ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).getInt(4));
                if (id.equals("data")) {
                    return Duration.ofMillis(millis(Math.min(size, fileSize - position)));
                }
                long skip = size + (size & 1);
                in.skipNBytes(skip);
                position += skip;
            }
        }
    }

    /**
     * Where the Vosk model is: {@code VOSK_MODEL_PATH} (surefire sets it), else the worker build's
     * {@code target/vosk-model/model-en-us} when running from the worker module directory (an IDE).
     */
    public static Path voskModelDirectory() {
        String fromEnvironment = System.getenv("VOSK_MODEL_PATH");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        for (Path candidate : List.of(Path.of("target/vosk-model/model-en-us"),
                Path.of("worker/target/vosk-model/model-en-us"))) {
            if (Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("VOSK_MODEL_PATH is not set and target/vosk-model/model-en-us does not exist: "
                + "build the worker module first (mvn -pl worker generate-resources)");
    }

    /** Synthesizes {@code text} and writes its bare samples (16 kHz mono s16le, no header). */
    private static Path pcm(String text, String voice, Path output) throws IOException, InterruptedException {
        Path raw = output.resolveSibling(output.getFileName() + ".flite.wav");
        run(List.of(FLITE, "-voice", voice, "-t", text, "-o", raw.toString()));
        ffmpeg(output, "-i", raw.toString(), "-ar", String.valueOf(SAMPLE_RATE), "-ac", "1", "-f", "s16le",
                "-c:a", "pcm_s16le");
        Files.delete(raw);
        return output;
    }

    private static byte[] wavHeader(long dataBytes) {
        if (dataBytes > 0xFFFF_FFFFL - 36) {
            throw new IllegalArgumentException("too long for a WAV file: " + dataBytes + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes));
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE).putInt(BYTES_PER_SECOND);
        b.putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return b.array();
    }

    private static void writeZeros(OutputStream out, long count) throws IOException {
        byte[] zeros = new byte[8192];
        long remaining = count;
        while (remaining > 0) {
            int n = (int) Math.min(zeros.length, remaining);
            out.write(zeros, 0, n);
            remaining -= n;
        }
    }

    private static long millis(long pcmBytes) {
        return pcmBytes * 1000 / BYTES_PER_SECOND;
    }

    private static String seconds(Duration duration) {
        return String.valueOf(duration.toMillis() / 1000.0);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Fixture command timed out: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Fixture command failed (" + process.exitValue() + "): " + command + "\n"
                    + printed);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
