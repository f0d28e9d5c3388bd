package io.audiojobs.worker.transcribe.chunks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cutting rules of {@link PauseSplitter#plan}, on made-up pauses. */
class PauseSplitterPlanTest {

    private static SplitSettings settings(long maxMs, long minMs) {
        return new SplitSettings(0.008, Duration.ofMillis(300), Duration.ofMillis(maxMs), Duration.ofMillis(minMs));
    }

    private static List<ChunkSpan> plan(long totalMs, long maxMs, long minMs, Pause... pauses) {
        return PauseSplitter.plan(totalMs, List.of(pauses), settings(maxMs, minMs));
    }

    private static List<Long> ends(List<ChunkSpan> spans) {
        return spans.stream().map(ChunkSpan::endMs).toList();
    }

    @Test
    void noAudioGivesNoSpan() {
        assertThat(plan(0, 10_000, 1_000)).isEmpty();
    }

    @Test
    void audioNoLongerThanMaxChunkIsOneSpan() {
        assertThat(plan(5_000, 10_000, 3_000, new Pause(2_000, 3_000)))
                .containsExactly(new ChunkSpan(0, 0, 5_000));
        assertThat(plan(10_000, 10_000, 3_000)).containsExactly(new ChunkSpan(0, 0, 10_000));
        assertThat(plan(1, 10_000, 3_000)).containsExactly(new ChunkSpan(0, 0, 1));
    }

    @Test
    void withoutPausesCutsHardAtMaxChunk() {
        assertThat(plan(70_000, 20_000, 5_000))
                .containsExactly(
                        new ChunkSpan(0, 0, 20_000),
                        new ChunkSpan(1, 20_000, 40_000),
                        new ChunkSpan(2, 40_000, 60_000),
                        new ChunkSpan(3, 60_000, 70_000));
    }

    @Test
    void lastHardCutMovesBackSoTheTailIsNotTooShort() {
        // 20 + 20 + 20 would leave 2 s; the third cut leaves minChunk instead
        assertThat(ends(plan(62_000, 20_000, 5_000))).containsExactly(20_000L, 40_000L, 57_000L, 62_000L);
    }

    @Test
    void cutsInTheMiddleOfTheLongestPauseInTheWindow() {
        List<ChunkSpan> spans = plan(30_000, 12_000, 3_000,
                new Pause(2_000, 2_400), // before minChunk: never a cut
                new Pause(5_000, 5_400),
                new Pause(8_000, 9_000), // longest in [3 s, 12 s]
                new Pause(11_500, 13_000)); // only 500 ms of it before 12 s
        assertThat(ends(spans)).containsExactly(8_500L, 12_250L, 24_250L, 30_000L);
    }

    @Test
    void prefersTheLaterPauseOnTies() {
        assertThat(ends(plan(20_000, 10_000, 1_000, new Pause(4_000, 4_500), new Pause(8_000, 8_500))))
                .startsWith(8_250L);
    }

    @Test
    void aPauseCrossingTheWindowEndIsCutInsideTheWindow() {
        List<ChunkSpan> spans = plan(30_000, 10_000, 2_000, new Pause(9_000, 15_000), new Pause(17_000, 17_400));
        // 1st: middle of [9, 10]; 2nd: the new pause rather than the rest of the long one
        assertThat(ends(spans)).startsWith(9_500L, 17_200L);
    }

    @Test
    void theRestOfALongPauseIsUsedWhenNothingElseIs() {
        List<ChunkSpan> spans = plan(30_000, 10_000, 2_000, new Pause(9_000, 15_000));
        // the 2nd chunk is pure silence, but no word is cut
        assertThat(ends(spans)).startsWith(9_500L, 13_250L);
    }

    @Test
    void aShortTailIsOnlyPossibleWhenMinChunkIsOverHalfOfMaxChunk() {
        // no cut can leave minChunk on both sides, so the last span is short; it cannot join the one
        // before (a cut is only made while more than maxChunk is left)
        assertThat(plan(11_000, 10_000, 6_000, new Pause(6_500, 7_500)))
                .containsExactly(new ChunkSpan(0, 0, 7_000), new ChunkSpan(1, 7_000, 11_000));
        assertThat(plan(10_500, 10_000, 6_000))
                .containsExactly(new ChunkSpan(0, 0, 10_000), new ChunkSpan(1, 10_000, 10_500));
    }

    @Test
    void zeroMinChunkStillMovesForward() {
        List<ChunkSpan> spans = plan(5_000, 1_000, 0, new Pause(0, 1), new Pause(1_000, 1_001), new Pause(1_001, 4_000));
        assertValid(spans, 5_000, 1_000, 0, List.of(new Pause(0, 1), new Pause(1_000, 1_001), new Pause(1_001, 4_000)));
    }

    @Test
    void rejectsPausesOutOfOrder() {
        assertThatThrownBy(() -> plan(10_000, 3_000, 1_000, new Pause(5_000, 6_000), new Pause(4_000, 4_500)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> settings(1_000, 2_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SplitSettings(0, Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SplitSettings(Double.NaN, Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        SplitSettings defaults = SplitSettings.forMaxChunk(Duration.ofSeconds(30));
        assertThat(defaults.rmsThreshold()).isEqualTo(0.008);
        assertThat(defaults.minSilence()).isEqualTo(Duration.ofMillis(300));
        assertThat(defaults.minChunk()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void randomPausesAlwaysGiveValidSpans() {
        Random random = new Random(42);
        for (int round = 0; round < 3_000; round++) {
            long maxMs = 1 + random.nextInt(20_000);
            long minMs = random.nextInt(3) == 0 ? 0 : random.nextLong(maxMs + 1);
            long totalMs = random.nextInt(10) == 0 ? random.nextLong(maxMs + 1) : random.nextLong(200_000);
            List<Pause> pauses = new ArrayList<>();
            long at = 0;
            while (true) {
                at += random.nextInt(random.nextBoolean() ? 3_000 : 30_000);
                long length = 1 + random.nextInt(random.nextInt(8) == 0 ? 40_000 : 2_000);
                if (at + length > totalMs) {
                    break;
                }
                pauses.add(new Pause(at, at + length));
                at += length;
            }
            List<ChunkSpan> spans = PauseSplitter.plan(totalMs, pauses, settings(maxMs, minMs));
            assertValid(spans, totalMs, maxMs, minMs, pauses);
        }
    }

    private static void assertValid(List<ChunkSpan> spans, long totalMs, long maxMs, long minMs, List<Pause> pauses) {
        try {
            checkValid(spans, totalMs, maxMs, minMs, pauses);
        } catch (AssertionError e) {
            throw new AssertionError("total " + totalMs + " max " + maxMs + " min " + minMs
                    + "\npauses " + pauses + "\nspans " + spans, e);
        }
    }

    private static void checkValid(List<ChunkSpan> spans, long totalMs, long maxMs, long minMs, List<Pause> pauses) {
        if (totalMs == 0) {
            assertThat(spans).isEmpty();
            return;
        }
        assertThat(spans).isNotEmpty();
        assertThat(spans.getFirst().startMs()).isZero();
        assertThat(spans.getLast().endMs()).isEqualTo(totalMs);
        for (int i = 0; i < spans.size(); i++) {
            ChunkSpan span = spans.get(i);
            assertThat(span.index()).isEqualTo(i);
            assertThat(span.durationMs()).isPositive().isLessThanOrEqualTo(maxMs);
            if (i > 0) {
                assertThat(span.startMs()).isEqualTo(spans.get(i - 1).endMs());
            }
            boolean last = i == spans.size() - 1;
            if (!last) {
                assertThat(span.durationMs()).isGreaterThanOrEqualTo(minMs);
                long cut = span.endMs();
                boolean inPause = pauses.stream().anyMatch(p -> p.startMs() <= cut && cut <= p.endMs());
                boolean hard = cut == span.startMs() + maxMs || cut == totalMs - minMs;
                assertThat(inPause || hard).as("cut %d in a pause or hard", cut).isTrue();
            } else if (maxMs >= 2 * minMs && totalMs >= minMs) {
                assertThat(span.durationMs()).isGreaterThanOrEqualTo(minMs);
            }
        }
    }
}
