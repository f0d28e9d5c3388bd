package io.audiojobs.shared.transcripts;

import io.audiojobs.shared.config.AppConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The speech-to-text models a deployment has, by engine, named as the workers name them in
 * transcripts: the API refuses a retranscription with any other model up front rather than let the
 * job fail on a worker.
 */
public final class SpeechModels {
    /** What a request may send instead of a model's name: the engine's default model. */
    public static final String DEFAULT = "default";

    /**
     * Models whose directory name does not say what they are (the Android asset "model-en-us" in
     * com.alphacephei:vosk-model-en), known by the {@code uuid} file in the directory. That one's
     * README gives 9.85 % WER on librispeech test-clean and 10.38 % on tedlium, the published
     * figures of vosk-model-small-en-us-0.15, and the files are that model's.
     */
    private static final Map<String, String> KNOWN_VOSK_UUIDS =
            Map.of("8299698e-4447-4ce1-be96-cccda9168067", "vosk-model-small-en-us-0.15");

    private SpeechModels() {}

    /** Engine -> its models: vosk has the one in VOSK_MODEL_PATH; openai, when configured, STT_MODELS_OPENAI. */
    public static Map<String, Set<String>> available(AppConfig.Stt stt) {
        Map<String, Set<String>> models = new LinkedHashMap<>();
        models.put("vosk", Set.of(voskModelName(stt.voskModelPath())));
        if (stt.openaiBaseUrl().isPresent()) {
            models.put("openai", stt.openaiModels());
        }
        return models;
    }

    /**
     * A Vosk model's name: from the {@code uuid} file for models known by it, else the directory name
     * (the official zips unpack into a directory named after the model).
     */
    public static String voskModelName(Path directory) {
        Path uuidFile = directory.resolve("uuid");
        if (Files.isRegularFile(uuidFile)) {
            try {
                String known = KNOWN_VOSK_UUIDS.get(Files.readString(uuidFile, StandardCharsets.US_ASCII).strip());
                if (known != null) {
                    return known;
                }
            } catch (IOException e) {
                // unreadable: named by its directory, as an unknown model is
            }
        }
        Path name = directory.toAbsolutePath().normalize().getFileName();
        return name == null ? "vosk-model" : name.toString();
    }
}
