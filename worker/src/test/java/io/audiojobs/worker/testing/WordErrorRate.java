package io.audiojobs.worker.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate: (substitutions + deletions + insertions) / words in the reference, from a
 * word-level Levenshtein alignment. Both texts are normalized first: lower-cased, punctuation
 * replaced by spaces (so "well-known" is two words, as recognizers write it), apostrophes inside
 * words kept ("don't"). Memory is linear in the hypothesis length, so hour-long transcripts are fine.
 */
public final class WordErrorRate {

    private WordErrorRate() {}

    /**
     * The counts behind a word error rate.
     *
     * @param referenceWords words in the normalized reference
     */
    public record Result(int substitutions, int deletions, int insertions, int referenceWords) {

        public int errors() {
            return substitutions + deletions + insertions;
        }

        /**
         * errors / reference words. An empty reference counts as one word, so an empty reference
         * with an empty hypothesis is 0 and any inserted words give a rate of at least 1.
         */
        public double rate() {
            return errors() / (double) Math.max(1, referenceWords);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "WER %.3f (%d substitutions, %d deletions, %d insertions, %d words)",
                    rate(), substitutions, deletions, insertions, referenceWords);
        }
    }

    /** The word error rate of {@code hypothesis} against {@code reference}, e.g. 0.05 for 5 %. */
    public static double of(String reference, String hypothesis) {
        return measure(reference, hypothesis).rate();
    }

    /** The alignment's counts; {@link Result#toString()} is a readable summary for test output. */
    public static Result measure(String reference, String hypothesis) {
        List<String> ref = words(reference);
        List<String> hyp = words(hypothesis);
        int m = hyp.size();
        // One DP row per reference word; each cell carries its cost and how it splits into S/D/I.
        int[] cost = new int[m + 1];
        int[] subs = new int[m + 1];
        int[] dels = new int[m + 1];
        int[] ins = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            cost[j] = j;
            ins[j] = j;
        }
        int[] nCost = new int[m + 1];
        int[] nSubs = new int[m + 1];
        int[] nDels = new int[m + 1];
        int[] nIns = new int[m + 1];
        for (int i = 1; i <= ref.size(); i++) {
            nCost[0] = i;
            nSubs[0] = 0;
            nDels[0] = i;
            nIns[0] = 0;
            String r = ref.get(i - 1);
            for (int j = 1; j <= m; j++) {
                boolean same = r.equals(hyp.get(j - 1));
                int diagonal = cost[j - 1] + (same ? 0 : 1);
                int deletion = cost[j] + 1;
                int insertion = nCost[j - 1] + 1;
                if (diagonal <= deletion && diagonal <= insertion) {
                    nCost[j] = diagonal;
                    nSubs[j] = subs[j - 1] + (same ? 0 : 1);
                    nDels[j] = dels[j - 1];
                    nIns[j] = ins[j - 1];
                } else if (deletion <= insertion) {
                    nCost[j] = deletion;
                    nSubs[j] = subs[j];
                    nDels[j] = dels[j] + 1;
                    nIns[j] = ins[j];
                } else {
                    nCost[j] = insertion;
                    nSubs[j] = nSubs[j - 1];
                    nDels[j] = nDels[j - 1];
                    nIns[j] = nIns[j - 1] + 1;
                }
            }
            int[] t;
            t = cost; cost = nCost; nCost = t;
            t = subs; subs = nSubs; nSubs = t;
            t = dels; dels = nDels; nDels = t;
            t = ins; ins = nIns; nIns = t;
        }
        return new Result(subs[m], dels[m], ins[m], ref.size());
    }

    /** The normalized words of {@code text}: lower case, no punctuation; null counts as empty. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        String cleaned = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replaceAll("[^\\p{L}\\p{N}']+", " ");
        for (String token : cleaned.trim().split(" +")) {
            String word = token.replaceAll("^'+|'+$", "");
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
