package io.audiojobs.api.openai;

import io.audiojobs.api.openai.TranscriptionOptions.ResponseFormat;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TranscriptionOptionsTest {
    private static final SpeechModels MODELS = models();

    @Test
    void defaults_are_json_with_segments() {
        TranscriptionOptions options = read(Map.of("model", "whisper-1"), List.of());
        assertThat(options.format()).isEqualTo(ResponseFormat.JSON);
        assertThat(options.segments()).isTrue();
        assertThat(options.words()).isFalse();
        assertThat(options.language()).isNull();
    }

    @Test
    void granularities_choose_words_segments_or_both() {
        assertThat(read(Map.of("model", "whisper-1"), List.of("word"))).extracting("segments", "words").containsExactly(false, true);
        assertThat(read(Map.of("model", "whisper-1"), List.of("word", "segment"))).extracting("segments", "words").containsExactly(true, true);
        assertThat(read(Map.of("model", "whisper-1", "response_format", "verbose_json"), List.of()).format())
                .isEqualTo(ResponseFormat.VERBOSE_JSON);
    }

    @Test
    void each_bad_field_is_refused_by_name() {
        assertParam(Map.of("model", "whisper-1", "response_format", "xml"), List.of(), "response_format");
        assertParam(Map.of("model", "whisper-1"), List.of("sentence"), "timestamp_granularities");
        assertParam(Map.of("model", "whisper-1", "temperature", "1.5"), List.of(), "temperature");
        assertParam(Map.of("model", "whisper-1", "temperature", "warm"), List.of(), "temperature");
        assertParam(Map.of("model", "whisper-1", "language", "english!"), List.of(), "language");
        assertParam(Map.of("model", "whisper-1", "stream", "true"), List.of(), "stream");
    }

    @Test
    void the_local_english_model_refuses_other_languages_before_any_work() {
        assertThatThrownBy(() -> read(Map.of("model", "vosk-small-en-us", "language", "de"), List.of()))
                .isInstanceOfSatisfying(OpenAiError.class, e -> assertThat(e.code()).isEqualTo("UNSUPPORTED_LANGUAGE"));
        assertThat(read(Map.of("model", "whisper-1", "language", "en"), List.of()).language()).isEqualTo("en");
    }

    private static void assertParam(Map<String, String> fields, List<String> granularities, String param) {
        assertThatThrownBy(() -> read(fields, granularities)).isInstanceOfSatisfying(OpenAiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo(param);
        });
    }

    private static TranscriptionOptions read(Map<String, String> fields, List<String> granularities) {
        return TranscriptionOptions.read(fields, granularities, MODELS);
    }

    private static SpeechModels models() {
        Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", "jdbc:postgresql://localhost/x", "S3_ENDPOINT", "http://localhost:9000",
                "S3_BUCKET", "b", "S3_ACCESS_KEY", "a", "S3_SECRET_KEY", "s"));
        AppConfig config = AppConfig.from(new Env(env));
        return new SpeechModels(config.stt(), config.openaiCompat());
    }
}
