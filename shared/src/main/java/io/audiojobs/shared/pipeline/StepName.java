package io.audiojobs.shared.pipeline;

import io.audiojobs.shared.records.RecordStatus;

import java.util.Locale;

/** A pipeline step and the record status shown while it runs. */
public enum StepName {
    CONVERT(RecordStatus.CONVERTING),
    TRANSCRIBE(RecordStatus.TRANSCRIBING),
    ANALYZE(RecordStatus.ANALYZING);

    private final RecordStatus runningStatus;

    StepName(RecordStatus runningStatus) {
        this.runningStatus = runningStatus;
    }

    public RecordStatus runningStatus() {
        return runningStatus;
    }

    /** The name stored in processing_steps and shown in job-status ("convert"). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StepName fromKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
