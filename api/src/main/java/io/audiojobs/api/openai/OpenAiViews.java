package io.audiojobs.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The bodies of the /v1 routes, field for field as OpenAI's API writes them (hence the snake_case
 * names): its SDKs parse them into their own types.
 */
public final class OpenAiViews {
    private OpenAiViews() {}

    /** {@code response_format=json}. */
    public record Transcription(String text, Usage usage) {}

    /** How much audio the call was billed for, in OpenAI's terms: whole seconds of input. */
    public record Usage(String type, long seconds) {
        static Usage of(double durationSeconds) {
            return new Usage("duration", (long) Math.ceil(durationSeconds));
        }
    }

    /**
     * {@code response_format=verbose_json}: segments when asked for (or when no granularity is
     * named), words when asked for; a field not asked for is left out, as OpenAI does.
     */
    public record VerboseTranscription(String task, String language, double duration, String text,
                                       @JsonInclude(JsonInclude.Include.NON_NULL) List<Segment> segments,
                                       @JsonInclude(JsonInclude.Include.NON_NULL) List<Word> words,
                                       Usage usage) {}

    /** A Whisper segment; times in seconds. The decoder's own figures are stood in for (see TranscriptionRendering). */
    public record Segment(int id, int seek, double start, double end, String text, List<Integer> tokens,
                          double temperature, double avg_logprob, double compression_ratio, double no_speech_prob) {}

    public record Word(String word, double start, double end) {}

    /** GET /v1/models. */
    public record ModelList(String object, List<Model> data) {}

    public record Model(String id, String object, long created, String owned_by) {}
}
