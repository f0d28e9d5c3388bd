package io.audiojobs.api.openai;

import io.audiojobs.shared.config.AppConfig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@code model} of a /v1 request may name: the models
 * {@link io.audiojobs.shared.transcripts.SpeechModels#available} says the engines have (the ones a
 * retranscribe may name) — the local Vosk model, listed as VOSK_MODEL_ID, and the OpenAI-compatible
 * engine's STT_MODEL and STT_MODELS_OPENAI when OPENAI_BASE_URL configures one — and
 * {@code whisper-1} as an alias of the default engine's model when it names nothing else — programs
 * written for OpenAI send it, and should work by changing their base URL only.
 */
public final class SpeechModels {
    /** What OpenAI's own speech-to-text model is called; most existing programs send it. */
    public static final String WHISPER_1 = "whisper-1";

    /**
     * A model a request may name, and how the pipeline runs it.
     *
     * @param engine   the speech-to-text engine (vosk or openai)
     * @param model    the engine's model to ask for; null for the engine's only or default model
     * @param aliasFor the id this one stands for, or null for a model of its own
     */
    public record Choice(String id, String engine, String model, String aliasFor) {
        /** Vosk has English only. */
        public boolean speaksOnlyEnglish() {
            return engine.equals("vosk");
        }
    }

    private final Map<String, Choice> byId = new LinkedHashMap<>();
    private final long created = Instant.now().getEpochSecond();

    public SpeechModels(AppConfig.Stt stt, AppConfig.OpenAiCompat compat) {
        // the engines' models as retranscribe validates them (one list, shared): vosk's one model, listed
        // under VOSK_MODEL_ID; the openai engine's STT_MODEL and STT_MODELS_OPENAI, under their own names
        Map<String, Set<String>> engines = io.audiojobs.shared.transcripts.SpeechModels.available(stt);
        Choice vosk = new Choice(compat.voskModelId(), "vosk", null, null);
        byId.put(vosk.id(), vosk);
        for (String model : engines.getOrDefault("openai", Set.of())) {
            byId.putIfAbsent(model, new Choice(model, "openai", model, null));
        }
        Choice configured = byId.get(stt.sttModel());
        Choice preferred = stt.engine().equals("openai") && configured != null && configured.engine().equals("openai")
                ? configured : vosk;
        byId.putIfAbsent(WHISPER_1, new Choice(WHISPER_1, preferred.engine(), preferred.model(), preferred.id()));
    }

    /** The model a request names; 404 model_not_found (OpenAI's code) for any other. */
    public Choice resolve(String requested) {
        if (requested == null || requested.isBlank()) {
            throw OpenAiError.invalid("model", "You must provide a model parameter; GET /v1/models lists them.");
        }
        Choice choice = byId.get(requested.strip());
        if (choice == null) {
            throw new OpenAiError(404, "MODEL_NOT_FOUND", "model", "The model '" + requested.strip()
                    + "' does not exist here. Available: " + String.join(", ", byId.keySet()) + ".");
        }
        return choice;
    }

    public Optional<Choice> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Choice> all() {
        return new ArrayList<>(byId.values());
    }

    /** When the models came to be, in OpenAI's sense: this server's start (epoch seconds). */
    public long created() {
        return created;
    }
}
