package io.audiojobs.api.live;

import io.audiojobs.shared.live.LiveChunkDao;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.audiojobs.api.live.SequenceTracker.Verdict.BEFORE_START;
import static io.audiojobs.api.live.SequenceTracker.Verdict.DUPLICATE;
import static io.audiojobs.api.live.SequenceTracker.Verdict.NEW;
import static io.audiojobs.api.live.SequenceTracker.Verdict.TOO_FAR_AHEAD;
import static org.assertj.core.api.Assertions.assertThat;

class SequenceTrackerTest {

    @Test
    void resumed_from_every_missing_sequence_it_knows_the_rest_are_stored() {
        // stored: 0-9 and 20; missing 10-19
        var tracker = SequenceTracker.resumed(extent(0, 20, 11), List.of(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L), true);
        assertThat(tracker.check(5)).isEqualTo(DUPLICATE);
        assertThat(tracker.check(15)).isEqualTo(NEW);
        assertThat(tracker.check(20)).isEqualTo(DUPLICATE);
        assertThat(tracker.check(-1)).isEqualTo(BEFORE_START);
        assertThat(tracker.check(21)).isEqualTo(NEW);
    }

    @Test
    void resumed_from_the_lowest_missing_only_it_leaves_what_lies_past_them_to_the_database() {
        // stored: 0 and 5,000; only 1-3 of the 4,999 missing were read
        var tracker = SequenceTracker.resumed(extent(0, 5_000, 2), List.of(1L, 2L, 3L), false);
        assertThat(tracker.check(2)).isEqualTo(NEW);
        assertThat(tracker.check(0)).isEqualTo(DUPLICATE);
        assertThat(tracker.check(3_000)).as("perhaps missing: never acked without being stored").isEqualTo(NEW);
        assertThat(tracker.stored(3_000)).isEmpty();
        assertThat(tracker.check(5_001)).isEqualTo(NEW);
    }

    @Test
    void a_gap_wider_than_the_limit_is_too_far_ahead() {
        var tracker = SequenceTracker.fresh();
        tracker.stored(0);
        assertThat(tracker.check(SequenceTracker.MAX_MISSING + 1L)).isEqualTo(NEW);
        assertThat(tracker.check(SequenceTracker.MAX_MISSING + 2L)).isEqualTo(TOO_FAR_AHEAD);
    }

    private static Optional<LiveChunkDao.Extent> extent(long first, long last, long stored) {
        return Optional.of(new LiveChunkDao.Extent(first, last, stored, stored * 10));
    }
}
