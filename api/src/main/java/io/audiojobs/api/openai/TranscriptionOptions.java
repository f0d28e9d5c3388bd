package io.audiojobs.api.openai;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The form fields of {@code POST /v1/audio/transcriptions} besides the file, checked. {@code prompt}
 * is accepted and not used (Vosk takes no prompt, and the pipeline passes none on); {@code
 * temperature} is checked and not used (there is no sampling to tune).
 */
public record TranscriptionOptions(SpeechModels.Choice model, String language, ResponseFormat format,
                                   boolean segments, boolean words) {

    public enum ResponseFormat {
        JSON, TEXT, SRT, VTT, VERBOSE_JSON;

        static ResponseFormat of(String value) {
            if (value == null || value.isBlank()) {
                return JSON;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw OpenAiError.invalid("response_format", "response_format must be one of json, text, srt, vtt, verbose_json; got '"
                        + value.strip() + "'.");
            }
        }
    }

    /** The form's text fields; any other is refused (UNKNOWN_FIELD). */
    public static final Set<String> FIELDS = Set.of("model", "language", "prompt", "response_format", "temperature",
            "timestamp_granularities[]", "timestamp_granularities", "stream");

    private static final String LANGUAGE = "[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})?";

    static TranscriptionOptions read(Map<String, String> fields, List<String> granularities, SpeechModels models) {
        SpeechModels.Choice model = models.resolve(fields.get("model"));
        String language = blankToNull(fields.get("language"));
        if (language != null && !language.matches(LANGUAGE)) {
            throw OpenAiError.invalid("language", "language must be an ISO-639-1 code like 'en'; got '" + language + "'.");
        }
        if (language != null && model.speaksOnlyEnglish() && !language.toLowerCase(Locale.ROOT).startsWith("en")) {
            throw new OpenAiError(400, "UNSUPPORTED_LANGUAGE", "language", "The model '" + model.id()
                    + "' transcribes English only; leave language empty or send 'en'.");
        }
        checkTemperature(blankToNull(fields.get("temperature")));
        if ("true".equalsIgnoreCase(blankToNull(fields.get("stream")))) {
            throw OpenAiError.invalid("stream", "Streaming is not supported; leave stream out or send false.");
        }
        boolean segments = granularities.isEmpty();
        boolean words = false;
        for (String granularity : granularities) {
            switch (granularity.strip()) {
                case "segment" -> segments = true;
                case "word" -> words = true;
                default -> throw OpenAiError.invalid("timestamp_granularities", "timestamp_granularities[] takes word and segment; got '"
                        + granularity.strip() + "'.");
            }
        }
        return new TranscriptionOptions(model, language == null ? null : language.toLowerCase(Locale.ROOT),
                ResponseFormat.of(fields.get("response_format")), segments, words);
    }

    private static void checkTemperature(String temperature) {
        if (temperature == null) {
            return;
        }
        try {
            double value = Double.parseDouble(temperature);
            if (value >= 0 && value <= 1) {
                return;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw OpenAiError.invalid("temperature", "temperature must be a number from 0 to 1; got '" + temperature + "'.");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
