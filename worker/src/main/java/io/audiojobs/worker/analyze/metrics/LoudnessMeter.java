package io.audiojobs.worker.analyze.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures EBU R128 loudness with ffmpeg's {@code ebur128} filter ({@code ffmpeg -nostats -i in
 * -af ebur128=peak=true -f null -}) and reads the Summary block ffmpeg prints at the end:
 * integrated loudness, loudness range and true peak. See {@link Loudness} for what silence gives.
 *
 * <p>The per-frame log of the filter is turned down ({@code framelog=verbose}), and only the tail
 * of what ffmpeg prints is kept, so a four-hour recording costs no more memory than a short one.
 */
public final class LoudnessMeter {

    /** What ffmpeg reports for integrated loudness when no block passes the -70 LUFS gate. */
    static final double ABSOLUTE_GATE_LUFS = -70.0;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
    private static final int KEEP_OUTPUT_CHARS = 32 * 1024;
    private static final int ERROR_TAIL_LINES = 15;

    private static final Pattern NUMBER = Pattern.compile("([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+|inf|nan))",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern INTEGRATED =
            Pattern.compile("(?m)^\\s*I:\\s+" + NUMBER.pattern() + "\\s+LUFS", Pattern.CASE_INSENSITIVE);
    private static final Pattern RANGE =
            Pattern.compile("(?m)^\\s*LRA:\\s+" + NUMBER.pattern() + "\\s+LU\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRUE_PEAK = Pattern.compile(
            "(?s)True peak:\\s*\\n\\s*Peak:\\s+" + NUMBER.pattern() + "\\s+dB(?:FS|TP)", Pattern.CASE_INSENSITIVE);

    private final String ffmpegPath;
    private final Duration timeout;

    /** A meter running the ffmpeg at {@code ffmpegPath} (a path, or a name looked up on PATH). */
    public LoudnessMeter(String ffmpegPath) {
        this(ffmpegPath, DEFAULT_TIMEOUT);
    }

    /** Like {@link #LoudnessMeter(String)}, giving up on ffmpeg after {@code timeout}. */
    public LoudnessMeter(String ffmpegPath, Duration timeout) {
        this.ffmpegPath = Objects.requireNonNull(ffmpegPath, "ffmpegPath");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /**
     * Measures the first audio stream of {@code audio} (any format ffmpeg reads).
     *
     * @throws IOException if ffmpeg cannot be started, fails (the message ends with the last lines
     *     it printed), times out, or prints no Summary
     */
    public Loudness measure(Path audio) throws IOException {
        List<String> command = List.of(
                ffmpegPath, "-nostdin", "-hide_banner", "-nostats",
                "-i", audio.toAbsolutePath().toString(),
                "-map", "0:a:0", "-vn", "-sn", "-dn",
                "-af", "ebur128=peak=true:framelog=verbose",
                "-f", "null", "-");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Tail output = new Tail(KEEP_OUTPUT_CHARS);
        Thread reader = Thread.ofVirtual().name("ffmpeg-ebur128-output").start(() -> output.readAll(process.getInputStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("ffmpeg did not measure the loudness of " + audio.getFileName() + " within "
                        + timeout + lastLines(output.text()));
            }
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while measuring the loudness of " + audio.getFileName());
        }
        String printed = output.text();
        if (process.exitValue() != 0) {
            throw new IOException("ffmpeg could not measure the loudness of " + audio.getFileName()
                    + " (exit code " + process.exitValue() + ")" + lastLines(printed));
        }
        return parseSummary(printed);
    }

    /**
     * Reads the last Summary block of ffmpeg's {@code ebur128} output.
     *
     * @throws IOException if there is no complete Summary
     */
    static Loudness parseSummary(String printed) throws IOException {
        int summary = printed.lastIndexOf("Summary:");
        if (summary < 0) {
            throw new IOException("ffmpeg printed no ebur128 Summary" + lastLines(printed));
        }
        String block = printed.substring(summary);
        double integrated = number(INTEGRATED, block, "integrated loudness", printed);
        double range = number(RANGE, block, "loudness range", printed);
        double truePeak = number(TRUE_PEAK, block, "true peak", printed);
        if (integrated <= ABSOLUTE_GATE_LUFS || Double.isNaN(integrated)) {
            integrated = Double.NEGATIVE_INFINITY;
        }
        if (Double.isNaN(range)) {
            range = 0;
        }
        if (Double.isNaN(truePeak)) {
            truePeak = Double.NEGATIVE_INFINITY;
        }
        return new Loudness(integrated, range, truePeak);
    }

    private static double number(Pattern pattern, String block, String what, String printed) throws IOException {
        Matcher matcher = pattern.matcher(block);
        if (!matcher.find()) {
            throw new IOException("ffmpeg's ebur128 Summary has no " + what + lastLines(printed));
        }
        String value = matcher.group(1).toLowerCase(Locale.ROOT);
        if (value.endsWith("inf")) {
            return value.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (value.endsWith("nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(value);
    }

    private static String lastLines(String printed) {
        List<String> lines = Arrays.stream(printed.split("\\R")).filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        return ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - ERROR_TAIL_LINES), lines.size()));
    }

    /** The last characters a process printed; bounded however much it prints. */
    private static final class Tail {
        private final int keep;
        private final StringBuilder text = new StringBuilder();

        Tail(int keep) {
            this.keep = keep;
        }

        void readAll(InputStream in) {
            char[] buffer = new char[8192];
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                int read;
                while ((read = reader.read(buffer)) >= 0) {
                    synchronized (this) {
                        text.append(buffer, 0, read);
                        if (text.length() > 2 * keep) {
                            text.delete(0, text.length() - keep);
                        }
                    }
                }
            } catch (IOException e) {
                // the process went away; what was read so far is all there is
            }
        }

        synchronized String text() {
            return text.toString();
        }
    }
}
