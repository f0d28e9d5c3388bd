package io.audiojobs.shared.pipeline;

/** PENDING before it runs and while it waits for a retry; RUNNING; COMPLETED; FAILED for good. */
public enum StepStatus { PENDING, RUNNING, COMPLETED, FAILED }
