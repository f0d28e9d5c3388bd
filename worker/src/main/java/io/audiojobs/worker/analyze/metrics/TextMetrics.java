package io.audiojobs.worker.analyze.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word count, speaking rate and top keywords of a transcript's text.
 *
 * <p>A word is a run of letters and digits, with apostrophes and hyphens allowed inside it
 * ("don't", "speech-to-text", "2024"); other punctuation separates words and is dropped, and
 * typographic apostrophes count as {@code '}.
 */
public final class TextMetrics {

    /** Shortest word that can be a keyword. */
    public static final int MIN_KEYWORD_LENGTH = 3;

    /**
     * Common English words that say nothing about a topic: function words, their contractions, and
     * the filler of spoken language ("yeah", "okay", "gonna", "know", "like").
     */
    public static final Set<String> STOP_WORDS = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
            "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
            "by", "can", "can't", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "doing", "don't",
            "down", "during", "each", "even", "every", "few", "for", "from", "further", "get", "gets", "getting",
            "go", "goes", "going", "gonna", "got", "had", "hadn't", "has", "hasn't", "have", "haven't", "having",
            "he", "he'd", "he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his",
            "how", "how's", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it'd",
            "it'll", "it's", "its", "itself", "just", "know", "let's", "like", "lot", "many", "may", "maybe", "me",
            "might", "more", "most", "much", "must", "mustn't", "my", "myself", "no", "nor", "not", "now", "of",
            "off", "oh", "ok", "okay", "on", "once", "one", "only", "or", "other", "our", "ours", "ourselves",
            "out", "over", "own", "really", "right", "said", "same", "say", "says", "see", "shall", "shan't",
            "she", "she'd", "she'll", "she's", "should", "shouldn't", "so", "some", "something", "still", "such",
            "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there", "there's",
            "these", "they", "they'd", "they'll", "they're", "they've", "thing", "things", "this", "those",
            "though", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "wanna", "want", "was",
            "wasn't", "way", "we", "we'd", "we'll", "we're", "we've", "well", "were", "weren't", "what", "what's",
            "when", "when's", "where", "where's", "which", "while", "who", "who's", "whom", "why", "why's", "will",
            "with", "won't", "would", "wouldn't", "yeah", "yes", "yet", "you", "you'd", "you'll", "you're",
            "you've", "your", "yours", "yourself", "yourselves");

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['\\-][\\p{L}\\p{N}]+)*");
    private static final Pattern DIGITS = Pattern.compile("[\\p{N}'\\-]+");

    private TextMetrics() {}

    /** The words of {@code text} in order, lower-case (see the class comment); none for null. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        Matcher matcher = WORD.matcher(text.replace('\u2019', '\'').replace('\u2018', '\'').toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    /** How many words {@code text} has; 0 for null or blank text. */
    public static int wordCount(String text) {
        if (text == null) {
            return 0;
        }
        Matcher matcher = WORD.matcher(text.replace('\u2019', '\''));
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    /**
     * Words per minute over {@code speechDuration} (the time spoken, or the whole duration when
     * that is all there is); 0 when the duration is zero or negative.
     */
    public static double wordsPerMinute(long wordCount, Duration speechDuration) {
        Objects.requireNonNull(speechDuration, "speechDuration");
        if (wordCount < 0) {
            throw new IllegalArgumentException("wordCount must not be negative: " + wordCount);
        }
        double minutes = speechDuration.toNanos() / 60e9;
        return minutes > 0 ? wordCount / minutes : 0;
    }

    /**
     * The {@code limit} most frequent keywords of {@code text}: lower-case words of at least {@link
     * #MIN_KEYWORD_LENGTH} characters that are neither {@link #STOP_WORDS} nor numbers, with a
     * possessive "'s" dropped ("speaker's" counts as "speaker"). Most frequent first, equally
     * frequent ones in alphabetical order.
     */
    public static List<Keyword> topKeywords(String text, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String word : words(text)) {
            if (STOP_WORDS.contains(word)) {
                continue;
            }
            String keyword = word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
            if (keyword.codePointCount(0, keyword.length()) < MIN_KEYWORD_LENGTH
                    || STOP_WORDS.contains(keyword)
                    || DIGITS.matcher(keyword).matches()) {
                continue;
            }
            counts.merge(keyword, 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .map(entry -> new Keyword(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparingInt(Keyword::count).reversed().thenComparing(Keyword::word))
                .limit(limit)
                .toList();
    }
}
