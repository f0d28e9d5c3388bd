package io.audiojobs.shared.transcripts;

import java.util.List;

/**
 * What speech-to-text made of a recording: the full text, timed segments, and timed words where
 * the engine gives them (empty list otherwise). Times are milliseconds from the start of the audio.
 */
public record Transcript(String text, String language, String engine, String model, List<Segment> segments,
                         List<Word> words) {

    public record Segment(long startMs, long endMs, String text) {}

    /** A recognized word; {@code confidence} is 0..1 or null when the engine gives none. */
    public record Word(long startMs, long endMs, String word, Double confidence) {}

    public int wordCount() {
        if (!words.isEmpty()) {
            return words.size();
        }
        String trimmed = text.trim();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }
}
