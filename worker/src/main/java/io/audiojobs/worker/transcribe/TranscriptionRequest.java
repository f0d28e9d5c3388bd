package io.audiojobs.worker.transcribe;

/** Per-request choices; a null means "the engine's default". {@code language} is a code like "en". */
public record TranscriptionRequest(String language, String model) {}
