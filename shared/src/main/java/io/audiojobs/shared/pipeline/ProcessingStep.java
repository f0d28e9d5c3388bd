package io.audiojobs.shared.pipeline;

import java.time.Instant;

/** One step of one record, as stored and as shown in job-status. */
public record ProcessingStep(
        long recordId,
        String name,
        int position,
        StepStatus status,
        int progress,
        int attempts,
        Instant startedAt,
        Instant finishedAt,
        String error) {}
