package io.audiojobs.api.openai;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpeechModelsTest {

    @Test
    void without_an_openai_engine_whisper_1_is_an_alias_of_the_local_model() {
        SpeechModels models = models(Map.of());
        assertThat(models.all()).extracting(SpeechModels.Choice::id).containsExactly("vosk-small-en-us", "whisper-1");
        assertThat(models.resolve("whisper-1")).isEqualTo(new SpeechModels.Choice("whisper-1", "vosk", null, "vosk-small-en-us"));
        assertThat(models.resolve(" vosk-small-en-us ").engine()).isEqualTo("vosk");
    }

    @Test
    void with_an_openai_engine_its_model_is_listed_and_whisper_1_names_it_when_it_is_the_default() {
        SpeechModels models = models(Map.of("OPENAI_BASE_URL", "http://whisper.internal/v1", "STT_MODEL", "large-v3",
                "STT_ENGINE", "openai"));
        assertThat(models.all()).extracting(SpeechModels.Choice::id).containsExactly("vosk-small-en-us", "large-v3", "whisper-1");
        assertThat(models.resolve("large-v3")).isEqualTo(new SpeechModels.Choice("large-v3", "openai", "large-v3", null));
        assertThat(models.resolve("whisper-1").engine()).isEqualTo("openai");
        assertThat(models.resolve("whisper-1").model()).isEqualTo("large-v3");
    }

    @Test
    void the_openai_models_a_retranscribe_may_name_are_listed_too() {
        SpeechModels models = models(Map.of("OPENAI_BASE_URL", "http://whisper.internal/v1", "STT_MODEL", "large-v3",
                "STT_MODELS_OPENAI", "distil-large-v3, large-v3"));
        assertThat(models.all()).extracting(SpeechModels.Choice::id)
                .containsExactly("vosk-small-en-us", "large-v3", "distil-large-v3", "whisper-1");
        assertThat(models.resolve("distil-large-v3")).isEqualTo(new SpeechModels.Choice("distil-large-v3", "openai", "distil-large-v3", null));
        assertThat(models.resolve("whisper-1").engine()).isEqualTo("vosk"); // STT_ENGINE is vosk
    }

    @Test
    void an_openai_engine_model_called_whisper_1_is_itself_not_an_alias() {
        SpeechModels models = models(Map.of("OPENAI_BASE_URL", "https://api.openai.com/v1"));
        assertThat(models.resolve("whisper-1")).isEqualTo(new SpeechModels.Choice("whisper-1", "openai", "whisper-1", null));
    }

    @Test
    void an_unknown_or_missing_model_is_refused_naming_the_model_field() {
        SpeechModels models = models(Map.of());
        assertThatThrownBy(() -> models.resolve("gpt-4o-transcribe")).isInstanceOfSatisfying(OpenAiError.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("MODEL_NOT_FOUND");
            assertThat(e.param()).isEqualTo("model");
        });
        assertThatThrownBy(() -> models.resolve(" ")).isInstanceOfSatisfying(OpenAiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo("model");
        });
    }

    private static SpeechModels models(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", "jdbc:postgresql://localhost/x", "S3_ENDPOINT", "http://localhost:9000",
                "S3_BUCKET", "b", "S3_ACCESS_KEY", "a", "S3_SECRET_KEY", "s"));
        env.putAll(settings);
        AppConfig config = AppConfig.from(new Env(env));
        return new SpeechModels(config.stt(), config.openaiCompat());
    }
}
