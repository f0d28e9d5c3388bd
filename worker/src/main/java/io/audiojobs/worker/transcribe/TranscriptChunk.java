package io.audiojobs.worker.transcribe;

/** A chunk of a long recording: its place in the audio and where its WAV is stored. */
public record TranscriptChunk(long recordId, int run, int idx, long startMs, long endMs, String objectKey, String status,
                              int attempts) {}
