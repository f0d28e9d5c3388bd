package io.audiojobs.worker.analyze.metrics;

/** A frequent word of a transcript (lower-case) and how often it occurs. */
public record Keyword(String word, int count) {}
