package io.audiojobs.worker.analyze.metrics;

import io.audiojobs.worker.media.TimeLimitedRun;
import io.audiojobs.worker.media.ToolTimeLimit;
import io.audiojobs.worker.media.UntrustedInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
    private final ToolTimeLimit timeLimit;

    /**
     * A meter running the ffmpeg at {@code ffmpegPath} (a path, or a name looked up on PATH), each
     * run killed past {@code timeLimit}.
     */
    public LoudnessMeter(String ffmpegPath, ToolTimeLimit timeLimit) {
        this.ffmpegPath = Objects.requireNonNull(ffmpegPath, "ffmpegPath");
        this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
    }

    /**
     * Measures the first audio stream of {@code audio}, {@code audioMillis} long, in any format
     * {@link UntrustedInput} accepts.
     *
     * @throws IOException if ffmpeg cannot be started, fails (the message ends with the last lines
     *     it printed), runs past its time limit, or prints no Summary
     */
    public Loudness measure(Path audio, long audioMillis) throws IOException {
        List<String> command = new ArrayList<>(List.of(ffmpegPath, "-nostdin", "-hide_banner", "-nostats"));
        command.addAll(UntrustedInput.inputArgs(audio));
        command.addAll(List.of(
                "-map", "0:a:0", "-vn", "-sn", "-dn",
                "-af", "ebur128=peak=true:framelog=verbose",
                "-f", "null", "-"));
        Tail output = new Tail(KEEP_OUTPUT_CHARS);
        int status = new TimeLimitedRun("ffmpeg", timeLimit.forAudio(audioMillis)).runToEnd(command, output);
        String printed = output.text();
        if (status != 0) {
            throw new IOException("ffmpeg could not measure the loudness of " + audio.getFileName()
                    + " (exit code " + status + ")" + lastLines(printed));
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
    private static final class Tail implements Appendable {
        private final int keep;
        private final StringBuilder text = new StringBuilder();

        Tail(int keep) {
            this.keep = keep;
        }

        @Override
        public Appendable append(CharSequence chars) {
            text.append(chars);
            return trimmed();
        }

        @Override
        public Appendable append(CharSequence chars, int start, int end) {
            text.append(chars, start, end);
            return trimmed();
        }

        @Override
        public Appendable append(char c) {
            text.append(c);
            return trimmed();
        }

        private Appendable trimmed() {
            if (text.length() > 2 * keep) {
                text.delete(0, text.length() - keep);
            }
            return this;
        }

        String text() {
            return text.toString();
        }
    }
}
