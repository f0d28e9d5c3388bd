package io.audiojobs.api.openai;

import io.audiojobs.api.openai.OpenAiViews.VerboseTranscription;
import io.audiojobs.api.openai.TranscriptionOptions.ResponseFormat;
import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.shared.transcripts.Transcript.Segment;
import io.audiojobs.shared.transcripts.Transcript.Word;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TranscriptionRenderingTest {
    private static final Transcript TRANSCRIPT = new Transcript("Hello world. Second part.", "en", "vosk", null,
            List.of(new Segment(0, 1_200, "Hello world."), new Segment(31_500, 33_000, "Second part.")),
            List.of(new Word(0, 500, "hello", 0.5), new Word(600, 1_100, "world", 1.0),
                    new Word(31_500, 32_000, "second", null), new Word(32_100, 33_000, "part", 0.9)));

    @Test
    void json_is_the_text_with_the_seconds_of_audio_rounded_up() {
        var rendered = TranscriptionRendering.render(TRANSCRIPT, 33_250, options(ResponseFormat.JSON, true, false));
        assertThat(rendered.contentType()).isEqualTo("application/json");
        assertThat(rendered.body()).isEqualTo(new OpenAiViews.Transcription("Hello world. Second part.",
                new OpenAiViews.Usage("duration", 34)));
    }

    @Test
    void text_srt_and_vtt_are_plain_text() {
        assertThat(TranscriptionRendering.render(TRANSCRIPT, 33_000, options(ResponseFormat.TEXT, true, false)).body())
                .isEqualTo("Hello world. Second part.\n");
        assertThat((String) TranscriptionRendering.render(TRANSCRIPT, 33_000, options(ResponseFormat.SRT, true, false)).body())
                .startsWith("1\n00:00:00,000 --> 00:00:01,200\nHello world.\n\n2\n00:00:31,500 --> 00:00:33,000\n");
        var vtt = TranscriptionRendering.render(TRANSCRIPT, 33_000, options(ResponseFormat.VTT, true, false));
        assertThat(vtt.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat((String) vtt.body()).startsWith("WEBVTT\n\n00:00:00.000 --> 00:00:01.200\nHello world.\n\n");
    }

    @Test
    void verbose_segments_carry_whispers_fields_in_seconds() {
        var verbose = (VerboseTranscription) TranscriptionRendering.render(TRANSCRIPT, 33_000,
                options(ResponseFormat.VERBOSE_JSON, true, false)).body();
        assertThat(verbose.task()).isEqualTo("transcribe");
        assertThat(verbose.language()).isEqualTo("english");
        assertThat(verbose.duration()).isEqualTo(33.0);
        assertThat(verbose.words()).isNull();
        var first = verbose.segments().get(0);
        var second = verbose.segments().get(1);
        assertThat(first.id()).isZero();
        assertThat(first.start()).isEqualTo(0.0);
        assertThat(first.end()).isEqualTo(1.2);
        assertThat(first.avg_logprob()).isCloseTo((Math.log(0.5) + Math.log(1.0)) / 2, within(1e-9));
        assertThat(first.compression_ratio()).isPositive();
        assertThat(second.id()).isEqualTo(1);
        assertThat(second.seek()).as("the 30 s window it starts in, in 10 ms frames").isEqualTo(3_000);
        assertThat(second.avg_logprob()).as("only the word with a confidence counts").isCloseTo(Math.log(0.9), within(1e-9));
    }

    @Test
    void verbose_words_come_only_when_asked_and_segments_can_be_left_out() {
        var verbose = (VerboseTranscription) TranscriptionRendering.render(TRANSCRIPT, 33_000,
                options(ResponseFormat.VERBOSE_JSON, false, true)).body();
        assertThat(verbose.segments()).isNull();
        assertThat(verbose.words()).extracting(OpenAiViews.Word::word).containsExactly("hello", "world", "second", "part");
        assertThat(verbose.words().get(3).start()).isEqualTo(32.1);
    }

    @Test
    void languages_are_named_in_english_as_openai_names_them() {
        assertThat(TranscriptionRendering.languageName("de")).isEqualTo("german");
        assertThat(TranscriptionRendering.languageName("en-US")).isEqualTo("english");
        assertThat(TranscriptionRendering.languageName(null)).isNull();
    }

    @Test
    void compression_ratio_is_whispers_zlib_measure() {
        assertThat(TranscriptionRendering.compressionRatio("")).isZero();
        assertThat(TranscriptionRendering.compressionRatio("la ".repeat(200))).as("repetition compresses well").isGreaterThan(10);
    }

    private static TranscriptionOptions options(ResponseFormat format, boolean segments, boolean words) {
        return new TranscriptionOptions(new SpeechModels.Choice("vosk-small-en-us", "vosk", null, null), null, format, segments, words);
    }
}
