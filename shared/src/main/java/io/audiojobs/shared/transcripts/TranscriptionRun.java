package io.audiojobs.shared.transcripts;

import java.time.Instant;

/** What one transcription run of a record asked for, and how far its chunks got. */
public record TranscriptionRun(long recordId, int run, String engine, String model, String language, Integer chunkCount,
                               Instant mergedAt, Instant createdAt) {}
