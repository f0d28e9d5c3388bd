package io.audiojobs.shared.transcripts.formats;

import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.shared.transcripts.Transcript.Segment;
import io.audiojobs.shared.transcripts.Transcript.Word;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Exports a {@link Transcript} as plain text, SubRip (SRT) and WebVTT.
 *
 * <p>Cues come from the segments. A segment longer than {@link #MAX_CUE_MS} or {@link
 * #MAX_CUE_CHARS} is split at word boundaries into cues within both limits when the transcript has
 * timed words for it (the segment's own tokens are used when they match the words one to one, so
 * punctuation and case survive); without words it stays one cue. A transcript with words but no
 * segments gets cues from the words alone. Cue text is trimmed with whitespace runs collapsed, and
 * empty cues are dropped.
 *
 * <p>Times are made safe for strict players: cues are in start order, never negative, never
 * overlapping (an overlap is taken off the earlier cue, or the later cue starts when the earlier
 * one ends if that is all that helps), and each ends at least 1 ms after it starts.
 *
 * <p>Output uses LF line ends, and every cue (SRT and WebVTT) ends with a blank line. Lines are
 * broken at {@link #MAX_LINE_CHARS} characters (two balanced lines for a cue of up to {@link
 * #MAX_CUE_CHARS}).
 */
public final class TranscriptFormats {

    /** Longest cue made when a long segment is split at word boundaries. */
    public static final long MAX_CUE_MS = 7_000;
    /** Most characters in a cue made when a long segment is split at word boundaries. */
    public static final int MAX_CUE_CHARS = 84;
    /** Longest line of cue text, the usual subtitle limit. */
    public static final int MAX_LINE_CHARS = 42;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private TranscriptFormats() {}

    /**
     * Plain text: one line per segment (the full text on one line when there are no segments),
     * ending with a newline; {@code ""} when there is no text at all.
     */
    public static String txt(Transcript transcript) {
        StringBuilder out = new StringBuilder();
        List<Segment> segments = segments(transcript);
        if (segments.isEmpty()) {
            String text = normalize(transcript.text());
            return text.isEmpty() ? "" : text + "\n";
        }
        for (Segment segment : segments) {
            String text = normalize(segment.text());
            if (!text.isEmpty()) {
                out.append(text).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * SubRip: numbered cues from 1, {@code HH:MM:SS,mmm --> HH:MM:SS,mmm}, a blank line after each
     * cue; {@code ""} for no cues. "-->" in text becomes "->" (no SRT reader could tell it from a
     * timing line otherwise).
     */
    public static String srt(Transcript transcript) {
        StringBuilder out = new StringBuilder();
        int number = 1;
        for (Cue cue : cues(transcript)) {
            out.append(number++).append('\n')
                    .append(srtTimestamp(cue.startMs())).append(" --> ").append(srtTimestamp(cue.endMs())).append('\n')
                    .append(wrap(cue.text().replace("-->", "->"))).append("\n\n");
        }
        return out.toString();
    }

    /**
     * WebVTT: a {@code WEBVTT} line and a blank line, then cues as {@code HH:MM:SS.mmm -->
     * HH:MM:SS.mmm} and their text, each followed by a blank line. Text is escaped: {@code &},
     * {@code <} and {@code >} as {@code &amp;}, {@code &lt;} and {@code &gt;}, so it can never hold
     * "-->" or markup.
     */
    public static String vtt(Transcript transcript) {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (Cue cue : cues(transcript)) {
            out.append(vttTimestamp(cue.startMs())).append(" --> ").append(vttTimestamp(cue.endMs())).append('\n')
                    .append(escapeVtt(wrap(cue.text()))).append("\n\n");
        }
        return out.toString();
    }

    /** The cues the SRT and WebVTT exports are made of, with safe times (see the class comment). */
    public static List<Cue> cues(Transcript transcript) {
        List<Word> words = new ArrayList<>(nonNull(transcript.words()));
        words.removeIf(word -> word == null || normalize(word.word()).isEmpty());
        words.sort(Comparator.comparingLong(TranscriptFormats::middle));
        List<Cue> raw = new ArrayList<>();
        List<Segment> segments = segments(transcript);
        if (segments.isEmpty()) {
            List<Timed> tokens = timed(words);
            if (!tokens.isEmpty()) {
                raw.addAll(fromWords(tokens, tokens.getFirst().startMs(), tokens.getLast().endMs()));
            }
        }
        for (Segment segment : segments) {
            raw.addAll(fromSegment(segment, words));
        }
        raw.removeIf(cue -> cue.text().isEmpty());
        raw.sort(Comparator.comparingLong(Cue::startMs));
        return safeTimes(raw);
    }

    /** {@code HH:MM:SS,mmm}, hours at least two digits (more past 99 hours). */
    public static String srtTimestamp(long ms) {
        return timestamp(ms, ',');
    }

    /** {@code HH:MM:SS.mmm}, hours at least two digits (more past 99 hours). */
    public static String vttTimestamp(long ms) {
        return timestamp(ms, '.');
    }

    private static String timestamp(long ms, char separator) {
        long clamped = Math.max(0, ms);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d",
                clamped / 3_600_000, clamped / 60_000 % 60, clamped / 1_000 % 60, separator, clamped % 1_000);
    }

    private static List<Cue> fromSegment(Segment segment, List<Word> sortedWords) {
        String text = normalize(segment.text());
        boolean tooLong = segment.endMs() - segment.startMs() > MAX_CUE_MS || text.length() > MAX_CUE_CHARS;
        if (tooLong) {
            List<Word> inside = wordsWithin(sortedWords, segment.startMs(), segment.endMs());
            List<Timed> tokens = tokensFor(text, inside);
            if (!tokens.isEmpty()) {
                return fromWords(tokens, segment.startMs(), segment.endMs());
            }
        }
        return List.of(new Cue(segment.startMs(), segment.endMs(), text));
    }

    /** A piece of cue text with the times of the word it stands for. */
    private record Timed(long startMs, long endMs, String text) {}

    private static List<Timed> timed(List<Word> words) {
        return words.stream().map(w -> new Timed(w.startMs(), w.endMs(), normalize(w.word()))).toList();
    }

    /**
     * The segment's own tokens with the words' times when they pair up one to one; else the words
     * themselves if they say the same (ignoring case and punctuation); else nothing (no split).
     */
    private static List<Timed> tokensFor(String segmentText, List<Word> words) {
        if (words.isEmpty()) {
            return List.of();
        }
        String[] tokens = segmentText.split(" ");
        if (tokens.length == words.size()) {
            List<Timed> paired = new ArrayList<>();
            for (int i = 0; i < tokens.length; i++) {
                paired.add(new Timed(words.get(i).startMs(), words.get(i).endMs(), tokens[i]));
            }
            return paired;
        }
        List<Timed> own = timed(words);
        String fromWords = String.join(" ", own.stream().map(Timed::text).toList());
        return letters(fromWords).equals(letters(segmentText)) ? own : List.of();
    }

    /**
     * Groups timed tokens into cues within {@link #MAX_CUE_MS} and {@link #MAX_CUE_CHARS}; the first
     * cue starts at {@code segmentStart} and the last ends at {@code segmentEnd} when that keeps
     * them within the limit.
     */
    private static List<Cue> fromWords(List<Timed> tokens, long segmentStart, long segmentEnd) {
        List<Cue> cues = new ArrayList<>();
        int first = 0;
        while (first < tokens.size()) {
            long start = tokens.get(first).startMs();
            if (first == 0 && segmentStart <= start && tokens.get(0).endMs() - segmentStart <= MAX_CUE_MS) {
                start = segmentStart;
            }
            StringBuilder text = new StringBuilder(tokens.get(first).text());
            int next = first + 1;
            while (next < tokens.size()) {
                Timed token = tokens.get(next);
                if (token.endMs() - start > MAX_CUE_MS || text.length() + 1 + token.text().length() > MAX_CUE_CHARS) {
                    break;
                }
                text.append(' ').append(token.text());
                next++;
            }
            long end = tokens.get(next - 1).endMs();
            if (next == tokens.size() && segmentEnd >= end
                    && segmentEnd - start <= MAX_CUE_MS) {
                end = segmentEnd;
            }
            cues.add(new Cue(start, end, text.toString()));
            first = next;
        }
        return cues;
    }

    /** Words whose middle lies in {@code [start, end)}; {@code sortedWords} is sorted by middle. */
    private static List<Word> wordsWithin(List<Word> sortedWords, long start, long end) {
        int low = 0;
        int high = sortedWords.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (middle(sortedWords.get(mid)) < start) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        List<Word> inside = new ArrayList<>();
        for (int i = low; i < sortedWords.size() && middle(sortedWords.get(i)) < end; i++) {
            inside.add(sortedWords.get(i));
        }
        return inside;
    }

    private static long middle(Word word) {
        return word.startMs() + (word.endMs() - word.startMs()) / 2;
    }

    /** Sorted cues made non-negative, non-overlapping and at least 1 ms long. */
    private static List<Cue> safeTimes(List<Cue> sorted) {
        int n = sorted.size();
        long[] starts = new long[n];
        long[] ends = new long[n];
        for (int i = 0; i < n; i++) {
            long start = Math.max(0, sorted.get(i).startMs());
            long end = sorted.get(i).endMs();
            if (i > 0 && start < ends[i - 1]) {
                if (start > starts[i - 1]) {
                    ends[i - 1] = start; // take the overlap off the earlier cue
                } else {
                    start = ends[i - 1];
                }
            }
            starts[i] = start;
            ends[i] = Math.max(end, start + 1);
        }
        List<Cue> safe = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            safe.add(new Cue(starts[i], ends[i], sorted.get(i).text()));
        }
        return safe;
    }

    /**
     * Breaks text into lines of at most {@link #MAX_LINE_CHARS} at spaces: two balanced lines when
     * it fits in two, greedy lines otherwise. A single longer word stays whole.
     */
    static String wrap(String text) {
        if (text.length() <= MAX_LINE_CHARS) {
            return text;
        }
        if (text.length() <= 2 * MAX_LINE_CHARS + 1) {
            int best = -1;
            for (int i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) {
                int longer = Math.max(i, text.length() - i - 1);
                if (longer <= MAX_LINE_CHARS
                        && (best < 0 || longer < Math.max(best, text.length() - best - 1))) {
                    best = i;
                }
            }
            if (best >= 0) {
                return text.substring(0, best) + "\n" + text.substring(best + 1);
            }
        }
        StringBuilder out = new StringBuilder();
        int lineLength = 0;
        for (String word : text.split(" ")) {
            if (lineLength > 0 && lineLength + 1 + word.length() > MAX_LINE_CHARS) {
                out.append('\n');
                lineLength = 0;
            } else if (lineLength > 0) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        return out.toString();
    }

    private static String escapeVtt(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String normalize(String text) {
        return text == null ? "" : WHITESPACE.matcher(text.strip()).replaceAll(" ");
    }

    private static String letters(String text) {
        return NOT_WORD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    private static List<Segment> segments(Transcript transcript) {
        List<Segment> segments = new ArrayList<>(nonNull(transcript.segments()));
        segments.removeIf(Objects::isNull);
        segments.sort(Comparator.comparingLong(Segment::startMs));
        return segments;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
