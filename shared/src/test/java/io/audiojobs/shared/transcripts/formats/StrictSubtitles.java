package io.audiojobs.shared.transcripts.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict SRT and WebVTT readers for the tests: they accept only well-formed files (LF line ends,
 * one blank line between cues, sequential SRT numbering, valid timestamps, times that move forward
 * without overlap, no empty cue text, no "-->" in text, only known WebVTT entities) and throw an
 * {@link AssertionError} saying what is wrong otherwise.
 */
final class StrictSubtitles {

    private static final String SRT_TIME = "(\\d{2,}):([0-5]\\d):([0-5]\\d),(\\d{3})";
    private static final String VTT_TIME = "(\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3})";
    private static final Pattern SRT_TIMING = Pattern.compile("^" + SRT_TIME + " --> " + SRT_TIME + "$");
    private static final Pattern VTT_TIMING = Pattern.compile("^" + VTT_TIME + " --> " + VTT_TIME + "(?: [^\\s]+)*$");
    private static final Pattern VTT_ENTITY = Pattern.compile("&(?:amp|lt|gt|nbsp|lrm|rlm);");

    /** A cue as read back: times and its text lines joined with single spaces (entities decoded). */
    record Parsed(long startMs, long endMs, String text, List<String> lines) {}

    private StrictSubtitles() {}

    static List<Parsed> parseSrt(String srt) {
        List<Parsed> cues = new ArrayList<>();
        if (srt.isEmpty()) {
            return cues;
        }
        check(!srt.contains("\r"), "SRT mixes line ends");
        check(srt.endsWith("\n\n"), "SRT does not end with a blank line after the last cue");
        String[] blocks = srt.substring(0, srt.length() - 2).split("\n\n", -1);
        for (String block : blocks) {
            String[] lines = block.split("\n", -1);
            check(lines.length >= 3, "SRT cue needs number, timing and text: " + block);
            check(lines[0].equals(String.valueOf(cues.size() + 1)), "SRT cue number out of sequence: " + lines[0]);
            Matcher timing = SRT_TIMING.matcher(lines[1]);
            check(timing.matches(), "Bad SRT timing line: " + lines[1]);
            List<String> text = List.of(lines).subList(2, lines.length);
            for (String line : text) {
                check(!line.isBlank(), "Blank SRT text line in: " + block);
                check(!line.contains("-->"), "SRT text holds -->: " + line);
            }
            addChecked(cues, new Parsed(millis(timing, 1), millis(timing, 5), String.join(" ", text), text));
        }
        return cues;
    }

    static List<Parsed> parseVtt(String vtt) {
        check(vtt.startsWith("WEBVTT\n\n"), "WebVTT must start with a WEBVTT line and a blank line");
        check(!vtt.contains("\r"), "WebVTT mixes line ends");
        List<Parsed> cues = new ArrayList<>();
        String body = vtt.substring("WEBVTT\n\n".length());
        if (body.isEmpty()) {
            return cues;
        }
        check(body.endsWith("\n\n"), "WebVTT does not end with a blank line after the last cue");
        for (String block : body.substring(0, body.length() - 2).split("\n\n", -1)) {
            String[] lines = block.split("\n", -1);
            int timingLine = lines.length > 0 && !lines[0].contains("-->") ? 1 : 0; // optional identifier
            check(lines.length >= timingLine + 2, "WebVTT cue needs timing and text: " + block);
            Matcher timing = VTT_TIMING.matcher(lines[timingLine]);
            check(timing.matches(), "Bad WebVTT timing line: " + lines[timingLine]);
            List<String> text = new ArrayList<>();
            for (String line : List.of(lines).subList(timingLine + 1, lines.length)) {
                check(!line.isBlank(), "Blank WebVTT text line in: " + block);
                check(!line.contains("-->"), "WebVTT text holds -->: " + line);
                check(!line.contains("<"), "WebVTT text holds a raw <: " + line);
                check(!line.contains(">"), "WebVTT text holds a raw >: " + line);
                check(VTT_ENTITY.matcher(line).replaceAll("").indexOf('&') < 0, "WebVTT text holds a raw &: " + line);
                text.add(line.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
            }
            addChecked(cues, new Parsed(millis(timing, 1), millis(timing, 5), String.join(" ", text), text));
        }
        return cues;
    }

    private static void addChecked(List<Parsed> cues, Parsed cue) {
        check(cue.endMs() > cue.startMs(), "Cue ends before it starts: " + cue);
        if (!cues.isEmpty()) {
            check(cue.startMs() >= cues.getLast().endMs(), "Cue overlaps the one before: " + cue);
        }
        cues.add(cue);
    }

    private static long millis(Matcher timing, int firstGroup) {
        return Long.parseLong(timing.group(firstGroup)) * 3_600_000
                + Long.parseLong(timing.group(firstGroup + 1)) * 60_000
                + Long.parseLong(timing.group(firstGroup + 2)) * 1_000
                + Long.parseLong(timing.group(firstGroup + 3));
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw new AssertionError(problem);
        }
    }
}
