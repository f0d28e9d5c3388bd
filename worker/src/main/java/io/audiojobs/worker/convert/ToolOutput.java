package io.audiojobs.worker.convert;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps the tail of what an ffmpeg/ffprobe process printed, so failures can say why. Bounded: a
 * damaged four-hour file can make ffmpeg print an error per frame.
 */
final class ToolOutput implements Appendable {

    private static final int KEEP_CHARS = 8_192;
    private static final int MAX_LINE_CHARS = 200;
    /** "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d07e3431c0] " — the address means nothing to anyone. */
    private static final Pattern COMPONENT_PREFIX =
            Pattern.compile("^\\[([^\\]@]+?) @ 0x[0-9a-fA-F]+\\]\\s*");

    /** Error texts that point at the machine rather than at the input file. */
    private static final List<String> ENVIRONMENT_PROBLEMS =
            List.of(
                    "No space left on device",
                    "Permission denied",
                    "Input/output error",
                    "Cannot allocate memory",
                    "Too many open files",
                    "Resource temporarily unavailable",
                    "Interrupted system call",
                    "No such file or directory",
                    "Read-only file system",
                    "Disk quota exceeded");

    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized Appendable append(CharSequence chars) {
        text.append(chars);
        trim();
        return this;
    }

    @Override
    public synchronized Appendable append(CharSequence chars, int start, int end) {
        text.append(chars, start, end);
        trim();
        return this;
    }

    @Override
    public synchronized Appendable append(char c) {
        text.append(c);
        trim();
        return this;
    }

    private void trim() {
        if (text.length() > 2 * KEEP_CHARS) {
            text.delete(0, text.length() - KEEP_CHARS);
        }
    }

    /**
     * The last {@code maxLines} non-blank lines for operators: component addresses removed, {@code
     * input}'s full path replaced by its file name.
     */
    List<String> lastLines(int maxLines, Path input) {
        return lastLines(maxLines, input, true);
    }

    /** Like {@link #lastLines} but without the component names ("mov,mp4,m4a,3gp,3g2,mj2: "). */
    List<String> lastMessages(int maxLines, Path input) {
        return lastLines(maxLines, input, false);
    }

    private synchronized List<String> lastLines(int maxLines, Path input, boolean keepComponent) {
        String fullPath = input.toAbsolutePath().toString();
        String fileName = input.getFileName() == null ? fullPath : input.getFileName().toString();
        List<String> lines = new ArrayList<>();
        for (String raw : Arrays.asList(text.toString().split("\\R"))) {
            String line =
                    COMPONENT_PREFIX.matcher(raw.strip()).replaceFirst(keepComponent ? "$1: " : "");
            line = line.replace(fullPath + ": ", "").replace(fullPath, fileName);
            if (!line.isBlank()) {
                lines.add(
                        line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line);
            }
        }
        return List.copyOf(lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
    }

    /** The kept tail as printed, component prefixes ("[hls @ 0x...]") included. */
    synchronized String printed() {
        return text.toString();
    }

    synchronized boolean isEmpty() {
        return text.toString().isBlank();
    }

    static boolean pointsAtEnvironment(String toolText) {
        return toolText != null && ENVIRONMENT_PROBLEMS.stream().anyMatch(toolText::contains);
    }
}
