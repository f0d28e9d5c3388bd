package io.audiojobs.worker.analyze.llm;

import java.util.List;
import java.util.Objects;

/** A validated LLM summary of a transcript: a non-blank summary and 1..8 non-blank topic labels. */
public record Summary(String summary, List<String> topics) {
    public Summary {
        Objects.requireNonNull(summary, "summary");
        topics = List.copyOf(topics);
    }
}
