package io.audiojobs.worker.transcribe;

import io.audiojobs.shared.transcripts.Transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Joins the transcripts of consecutive chunks (their times already shifted to the whole recording). */
public final class TranscriptMerger {
    private TranscriptMerger() {}

    public static Transcript merge(List<Transcript> chunks, String engine, String model) {
        List<Transcript.Segment> segments = new ArrayList<>();
        List<Transcript.Word> words = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        String language = null;
        for (Transcript chunk : chunks) {
            segments.addAll(chunk.segments());
            words.addAll(chunk.words());
            if (!chunk.text().isBlank()) {
                texts.add(chunk.text().trim());
            }
            language = language == null ? chunk.language() : language;
        }
        return new Transcript(String.join(" ", texts), language, engine, model, segments, words);
    }

    /** The same transcript with every time moved by {@code offsetMs} (a chunk's start in the recording). */
    public static Transcript shift(Transcript t, long offsetMs) {
        List<Transcript.Segment> segments = t.segments().stream()
                .map(s -> new Transcript.Segment(s.startMs() + offsetMs, s.endMs() + offsetMs, s.text())).toList();
        List<Transcript.Word> words = t.words().stream()
                .map(w -> new Transcript.Word(w.startMs() + offsetMs, w.endMs() + offsetMs, w.word(), w.confidence())).toList();
        return new Transcript(Objects.requireNonNullElse(t.text(), ""), t.language(), t.engine(), t.model(), segments, words);
    }
}
