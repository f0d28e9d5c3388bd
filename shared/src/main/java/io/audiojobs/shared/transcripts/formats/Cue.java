package io.audiojobs.shared.transcripts.formats;

/**
 * One subtitle cue: shown from {@code startMs} to {@code endMs} (milliseconds from the start of the
 * audio). {@code text} is one line of plain text with single spaces; the SRT and WebVTT writers
 * break it into lines and escape it.
 */
public record Cue(long startMs, long endMs, String text) {}
