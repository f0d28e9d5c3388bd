package io.audiojobs.worker.analyze.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TextMetricsTest {

    private static final String TEXT =
            "The cat sat on the mat. The cat's hat? A cat, a hat, a bat! Don't you know: it's 2024 — "
                    + "the speech-to-text engine’s output is fine.";

    @Test
    void countsWords() {
        // The cat sat on the mat (6) The cat's hat (3) A cat a hat a bat (6) Don't you know it's 2024 (5)
        // the speech-to-text engine's output is fine (6)
        assertThat(TextMetrics.wordCount(TEXT)).isEqualTo(26);
        assertThat(TextMetrics.words("Hello, WORLD!  it’s—fine")).containsExactly("hello", "world", "it's", "fine");
        assertThat(TextMetrics.wordCount("")).isZero();
        assertThat(TextMetrics.wordCount("  ... — !!! ")).isZero();
        assertThat(TextMetrics.wordCount(null)).isZero();
    }

    @Test
    void speakingRateIsWordsPerMinute() {
        assertThat(TextMetrics.wordsPerMinute(150, Duration.ofMinutes(1))).isEqualTo(150.0);
        assertThat(TextMetrics.wordsPerMinute(26, Duration.ofSeconds(10))).isCloseTo(156.0, within(1e-9));
        assertThat(TextMetrics.wordsPerMinute(10, Duration.ofMillis(2_500))).isCloseTo(240.0, within(1e-9));
        assertThat(TextMetrics.wordsPerMinute(10, Duration.ZERO)).isZero();
        assertThat(TextMetrics.wordsPerMinute(0, Duration.ofMinutes(3))).isZero();
    }

    @Test
    void topKeywordsByFrequencyThenAlphabetically() {
        assertThat(TextMetrics.topKeywords(TEXT, 6)).containsExactly(
                new Keyword("cat", 3), // "cat's" counts as "cat"
                new Keyword("hat", 2),
                new Keyword("bat", 1),
                new Keyword("engine", 1),
                new Keyword("fine", 1),
                new Keyword("mat", 1));
        assertThat(TextMetrics.topKeywords(TEXT, 100))
                .extracting(Keyword::word)
                .contains("speech-to-text", "output", "sat")
                .doesNotContain("the", "don't", "know", "it's", "2024", "you", "on");
        assertThat(TextMetrics.topKeywords(TEXT, 0)).isEmpty();
        assertThat(TextMetrics.topKeywords(null, 5)).isEmpty();
    }

    @Test
    void stopWordsAreLowerCaseAndPlenty() {
        assertThat(TextMetrics.STOP_WORDS).hasSizeGreaterThan(150)
                .allSatisfy(word -> assertThat(word).isLowerCase());
    }
}
