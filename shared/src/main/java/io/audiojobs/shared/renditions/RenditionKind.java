package io.audiojobs.shared.renditions;

/** Objects derived from a record's audio. */
public enum RenditionKind { NORMALIZED_WAV, MP3, WAVEFORM, HLS }
