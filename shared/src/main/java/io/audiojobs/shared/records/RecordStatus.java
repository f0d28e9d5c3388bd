package io.audiojobs.shared.records;

/** Where a record is in its pipeline (seed 002's values). */
public enum RecordStatus {
    QUEUED, CONVERTING, TRANSCRIBING, ANALYZING, COMPLETED, FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}
