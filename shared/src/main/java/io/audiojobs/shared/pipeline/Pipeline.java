package io.audiojobs.shared.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * The ordered steps every record runs, and the share of the record's 0-100 progress each owns.
 * 100 itself is reserved for COMPLETED, so a record never shows 100 before it is done.
 */
public final class Pipeline {

    /** A step and the slice of record progress [from, to) it reports into. */
    public record Stage(StepName step, int position, int from, int to) {
        public int recordProgress(int stepProgress) {
            int clamped = Math.max(0, Math.min(100, stepProgress));
            return from + (to - from) * clamped / 100;
        }
    }

    private static final List<Stage> STAGES = List.of(
            new Stage(StepName.CONVERT, 1, 0, 25),
            new Stage(StepName.TRANSCRIBE, 2, 25, 85),
            new Stage(StepName.ANALYZE, 3, 85, 99));

    private Pipeline() {}

    public static List<Stage> stages() {
        return STAGES;
    }

    public static Stage stage(StepName step) {
        return STAGES.stream().filter(s -> s.step() == step).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a pipeline step: " + step));
    }

    public static Optional<StepName> next(StepName step) {
        int index = STAGES.indexOf(stage(step));
        return index + 1 < STAGES.size() ? Optional.of(STAGES.get(index + 1).step()) : Optional.empty();
    }

    /** The steps' keys in pipeline order (a new record's processing_steps rows). */
    public static String[] stepKeys() {
        return STAGES.stream().map(s -> s.step().key()).toArray(String[]::new);
    }

    public static int[] stepPositions() {
        return STAGES.stream().mapToInt(Stage::position).toArray();
    }

    public static StepName first() {
        return STAGES.getFirst().step();
    }
}
