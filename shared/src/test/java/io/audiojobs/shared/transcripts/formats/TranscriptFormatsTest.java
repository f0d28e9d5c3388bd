package io.audiojobs.shared.transcripts.formats;

import static io.audiojobs.shared.transcripts.formats.StrictSubtitles.parseSrt;
import static io.audiojobs.shared.transcripts.formats.StrictSubtitles.parseVtt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.shared.transcripts.Transcript.Segment;
import io.audiojobs.shared.transcripts.Transcript.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TranscriptFormatsTest {

    private static Transcript transcript(List<Segment> segments, List<Word> words) {
        String text = String.join(" ", segments.stream().map(Segment::text).toList());
        return new Transcript(text, "en", "test", "m", segments, words);
    }

    private static Transcript transcript(Segment... segments) {
        return transcript(List.of(segments), List.of());
    }

    /** Words for {@code text} spread evenly over [start, end), with small gaps between them. */
    private static List<Word> words(String text, long startMs, long endMs) {
        String[] tokens = text.split(" ");
        long step = (endMs - startMs) / tokens.length;
        List<Word> words = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            long start = startMs + i * step;
            words.add(new Word(start, start + step * 4 / 5, tokens[i].replaceAll("[^\\p{L}\\p{N}']", "").toLowerCase(), 0.9));
        }
        return words;
    }

    @Test
    void writesSimpleSegmentsAsSrtAndVttAndTxt() {
        Transcript transcript = transcript(
                new Segment(0, 2_500, "Hello there."),
                new Segment(2_500, 5_040, " General   Kenobi! "),
                new Segment(61_000, 62_000, "You are a bold one."));

        assertThat(TranscriptFormats.srt(transcript)).isEqualTo("""
                1
                00:00:00,000 --> 00:00:02,500
                Hello there.

                2
                00:00:02,500 --> 00:00:05,040
                General Kenobi!

                3
                00:01:01,000 --> 00:01:02,000
                You are a bold one.

                """);
        assertThat(TranscriptFormats.vtt(transcript)).isEqualTo("""
                WEBVTT

                00:00:00.000 --> 00:00:02.500
                Hello there.

                00:00:02.500 --> 00:00:05.040
                General Kenobi!

                00:01:01.000 --> 00:01:02.000
                You are a bold one.

                """);
        assertThat(TranscriptFormats.txt(transcript)).isEqualTo("Hello there.\nGeneral Kenobi!\nYou are a bold one.\n");
        assertRoundTrips(transcript);
    }

    @Test
    void emptyTranscriptGivesValidEmptyFiles() {
        Transcript empty = new Transcript("", "en", "test", "m", List.of(), List.of());
        assertThat(TranscriptFormats.srt(empty)).isEmpty();
        assertThat(TranscriptFormats.vtt(empty)).isEqualTo("WEBVTT\n\n");
        assertThat(TranscriptFormats.txt(empty)).isEmpty();
        assertThat(parseSrt(TranscriptFormats.srt(empty))).isEmpty();
        assertThat(parseVtt(TranscriptFormats.vtt(empty))).isEmpty();

        Transcript nulls = new Transcript(null, null, null, null, null, null);
        assertThat(TranscriptFormats.srt(nulls)).isEmpty();
        assertThat(TranscriptFormats.vtt(nulls)).isEqualTo("WEBVTT\n\n");
        assertThat(TranscriptFormats.txt(nulls)).isEmpty();
    }

    @Test
    void txtWithoutSegmentsIsTheText() {
        Transcript transcript = new Transcript("  Just\ntext.  ", "en", "test", "m", List.of(), List.of());
        assertThat(TranscriptFormats.txt(transcript)).isEqualTo("Just text.\n");
    }

    @Test
    void hoursAreFormattedWithTwoDigitsOrMore() {
        assertThat(TranscriptFormats.srtTimestamp(3_723_004)).isEqualTo("01:02:03,004");
        assertThat(TranscriptFormats.vttTimestamp(3_723_004)).isEqualTo("01:02:03.004");
        assertThat(TranscriptFormats.vttTimestamp(100L * 3_600_000 + 59_999)).isEqualTo("100:00:59.999");
        assertThat(TranscriptFormats.srtTimestamp(-5)).isEqualTo("00:00:00,000");

        Transcript late = transcript(new Segment(3_723_004, 3_725_000, "An hour in."));
        assertThat(TranscriptFormats.srt(late)).contains("01:02:03,004 --> 01:02:05,000\n");
        assertThat(TranscriptFormats.vtt(late)).contains("01:02:03.004 --> 01:02:05.000\n");
        assertThat(parseVtt(TranscriptFormats.vtt(late))).singleElement()
                .satisfies(cue -> assertThat(cue.startMs()).isEqualTo(3_723_004));
        assertRoundTrips(late);
    }

    @Test
    void longSegmentWithWordsIsSplitAtWordBoundaries() {
        String text = "So this is a rather long segment, spoken over twenty seconds, that no subtitle"
                + " reader wants to see as one block of text on the screen; it has to be broken into"
                + " several cues at word boundaries.";
        Segment segment = new Segment(10_000, 30_000, text);
        Transcript transcript = transcript(List.of(segment), words(text, 10_000, 30_000));

        List<Cue> cues = TranscriptFormats.cues(transcript);

        assertThat(cues).hasSizeGreaterThan(2);
        assertThat(cues).allSatisfy(cue -> {
            assertThat(cue.endMs() - cue.startMs()).isLessThanOrEqualTo(TranscriptFormats.MAX_CUE_MS);
            assertThat(cue.text().length()).isLessThanOrEqualTo(TranscriptFormats.MAX_CUE_CHARS);
        });
        // the segment's own tokens are kept: punctuation and case survive, nothing lost
        assertThat(String.join(" ", cues.stream().map(Cue::text).toList())).isEqualTo(text);
        assertThat(cues.getFirst().startMs()).isEqualTo(10_000);
        assertRoundTrips(transcript);
        for (StrictSubtitles.Parsed cue : parseSrt(TranscriptFormats.srt(transcript))) {
            assertThat(cue.lines()).hasSizeLessThanOrEqualTo(2)
                    .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(TranscriptFormats.MAX_LINE_CHARS));
        }
    }

    @Test
    void longSegmentUsesWordTextsWhenTokensDoNotPairUp() {
        Segment segment = new Segment(0, 16_000, "Well — it's twelve o'clock, so let's go and find the others at the station now.");
        List<Word> words = words("Well it's twelve o'clock so let's go and find the others at the station now", 0, 16_000);
        List<Cue> cues = TranscriptFormats.cues(transcript(List.of(segment), words));

        assertThat(cues).hasSizeGreaterThan(1);
        assertThat(String.join(" ", cues.stream().map(Cue::text).toList()))
                .isEqualTo("well it's twelve o'clock so let's go and find the others at the station now");
    }

    @Test
    void longSegmentWithoutWordsStaysOneCue() {
        Segment segment = new Segment(0, 20_000, "A long segment without any word timings from the engine.");
        Transcript transcript = transcript(segment);

        assertThat(TranscriptFormats.cues(transcript)).containsExactly(new Cue(0, 20_000, segment.text()));
        assertRoundTrips(transcript);
    }

    @Test
    void longTextWithinSevenSecondsIsSplitByCharacters() {
        String text = "This segment is short in time but it is packed with far more words than fit on two subtitle lines.";
        Segment segment = new Segment(0, 6_000, text);
        List<Cue> cues = TranscriptFormats.cues(transcript(List.of(segment), words(text, 0, 6_000)));

        assertThat(cues).hasSize(2);
        assertThat(cues).allSatisfy(cue -> assertThat(cue.text().length()).isLessThanOrEqualTo(84));
    }

    @Test
    void wordsWithoutSegmentsMakeCues() {
        Transcript transcript = new Transcript("one two three", "en", "test", "m", List.of(),
                List.of(new Word(0, 400, "one", null), new Word(500, 900, "two", null), new Word(9_000, 9_400, "three", null)));

        assertThat(TranscriptFormats.cues(transcript))
                .containsExactly(new Cue(0, 900, "one two"), new Cue(9_000, 9_400, "three"));
        assertRoundTrips(transcript);
    }

    @Test
    void vttEscapesMarkupAndArrowsAndSrtDefusesArrows() {
        Transcript transcript = transcript(new Segment(0, 1_000, "Tom & Jerry <3 --> friends > foes"));

        assertThat(TranscriptFormats.vtt(transcript))
                .contains("\nTom &amp; Jerry &lt;3 --&gt; friends &gt; foes\n");
        assertThat(TranscriptFormats.srt(transcript)).contains("\nTom & Jerry <3 -> friends > foes\n");
        assertThat(parseVtt(TranscriptFormats.vtt(transcript)).getFirst().text())
                .isEqualTo("Tom & Jerry <3 --> friends > foes");
        parseSrt(TranscriptFormats.srt(transcript));
    }

    @Test
    void timesAreClampedSoCuesNeverOverlapOrRunBackwards() {
        Transcript transcript = transcript(
                new Segment(-300, 1_000, "Starts before zero."),
                new Segment(900, 2_000, "Overlaps the first."),
                new Segment(2_500, 2_500, "Zero length."),
                new Segment(2_500, 2_400, "Ends before it starts."),
                new Segment(3_000, 4_000, "   "), // blank: dropped
                new Segment(3_500, 5_000, "Fine."));

        List<Cue> cues = TranscriptFormats.cues(transcript);

        assertThat(cues).containsExactly(
                new Cue(0, 900, "Starts before zero."),
                new Cue(900, 2_000, "Overlaps the first."),
                new Cue(2_500, 2_501, "Zero length."),
                new Cue(2_501, 2_502, "Ends before it starts."),
                new Cue(3_500, 5_000, "Fine."));
        assertRoundTrips(transcript);
    }

    @Test
    void cueTextIsOneLineOfSingleSpacedText() {
        Transcript transcript = transcript(new Segment(0, 1_000, "two\n\nparagraphs\r\nhere"));
        assertThat(TranscriptFormats.srt(transcript)).contains("\ntwo paragraphs here\n\n");
        assertRoundTrips(transcript);
    }

    @Test
    void wrapsIntoBalancedLines() {
        assertThat(TranscriptFormats.wrap("short")).isEqualTo("short");
        assertThat(TranscriptFormats.wrap("this line is a little too long to fit on one"))
                .isEqualTo("this line is a little\ntoo long to fit on one");
        String longer = "a ".repeat(60).trim();
        for (String line : TranscriptFormats.wrap(longer).split("\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(42);
        }
        assertThat(TranscriptFormats.wrap("x".repeat(50))).isEqualTo("x".repeat(50));
    }

    @Test
    void theStrictParsersRejectBrokenFiles() {
        assertThatThrownBy(() -> parseSrt("1\n00:00:01,000 --> 00:00:00,500\nbackwards\n\n")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> parseSrt("2\n00:00:00,000 --> 00:00:01,000\nwrong number\n\n")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> parseSrt("1\n0:00:00,000 --> 00:00:01,000\nshort hours\n\n")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> parseVtt("WEBVTT\n00:00:00.000 --> 00:00:01.000\nno blank line\n\n")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> parseVtt("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\na & b\n\n")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> parseVtt("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\na\n\n00:00:01.000 --> 00:00:03.000\nb\n\n"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void randomTranscriptsAlwaysGiveStrictlyValidFiles() {
        Random random = new Random(7);
        String[] vocabulary = {"a", "the", "audio", "<b>", "&", "-->", "words", "x".repeat(45), "ok,", "\n", "well"};
        for (int round = 0; round < 500; round++) {
            List<Segment> segments = new ArrayList<>();
            List<Word> words = new ArrayList<>();
            long at = random.nextInt(5_000_000);
            for (int s = random.nextInt(12); s > 0; s--) {
                long start = at + random.nextInt(3_000) - 1_000;
                long end = start + random.nextInt(25_000) - 500;
                StringBuilder text = new StringBuilder();
                int count = random.nextInt(40);
                for (int w = 0; w < count; w++) {
                    String token = vocabulary[random.nextInt(vocabulary.length)];
                    text.append(token).append(' ');
                    long wordStart = start + (end - start) * w / Math.max(1, count);
                    if (random.nextInt(4) > 0) {
                        words.add(new Word(wordStart, wordStart + random.nextInt(900), token, null));
                    }
                }
                segments.add(new Segment(start, end, text.toString()));
                at = end;
            }
            Transcript transcript = transcript(segments, random.nextBoolean() ? words : List.of());
            try {
                assertRoundTrips(transcript);
            } catch (AssertionError e) {
                throw new AssertionError("Round " + round + ": " + transcript, e);
            }
        }
    }

    /** Both exports parse strictly and give back exactly the cues. */
    private static void assertRoundTrips(Transcript transcript) {
        List<Cue> cues = TranscriptFormats.cues(transcript);
        List<StrictSubtitles.Parsed> srt = parseSrt(TranscriptFormats.srt(transcript));
        List<StrictSubtitles.Parsed> vtt = parseVtt(TranscriptFormats.vtt(transcript));
        assertThat(srt).hasSameSizeAs(cues);
        assertThat(vtt).hasSameSizeAs(cues);
        for (int i = 0; i < cues.size(); i++) {
            Cue cue = cues.get(i);
            assertThat(srt.get(i).startMs()).isEqualTo(cue.startMs());
            assertThat(srt.get(i).endMs()).isEqualTo(cue.endMs());
            assertThat(srt.get(i).text()).isEqualTo(cue.text().replace("-->", "->"));
            assertThat(vtt.get(i).startMs()).isEqualTo(cue.startMs());
            assertThat(vtt.get(i).endMs()).isEqualTo(cue.endMs());
            assertThat(vtt.get(i).text()).isEqualTo(cue.text());
        }
    }
}
