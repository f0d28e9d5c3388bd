package io.audiojobs.shared.analysis;

import java.util.List;

/**
 * Metrics of a record's audio and transcript, and the optional LLM summary.
 *
 * @param integratedLufs EBU R128 integrated loudness; null for silence (below the -70 LUFS gate)
 * @param silenceRatio   share of the recording below the voice-activity threshold, 0..1
 * @param pauseCount     silences of at least 300 ms between speech
 * @param wordsPerMinute words per minute of speech (silence excluded); null without speech
 */
public record Analysis(long durationMs, Double integratedLufs, Double loudnessRangeLu, Double truePeakDbtp,
                       double silenceRatio, int pauseCount, long longestPauseMs, Double wordsPerMinute, int wordCount,
                       List<Keyword> keywords, Summary summary) {

    public record Keyword(String word, int count) {}

    /** status OFF (no LLM_MODEL), OK, or MISSING with the reason. */
    public record Summary(String status, String text, List<String> topics, String missingReason) {
        public static Summary off() {
            return new Summary("OFF", null, List.of(), "LLM_MODEL is not set");
        }
    }
}
