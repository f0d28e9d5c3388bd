package io.audiojobs.api.records;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.transcripts.SpeechModels;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The speech engines configured here and the models each has: a transcription asked for with a
 * model the engine does not have is refused at once (400), never accepted to fail on a worker.
 */
public final class KnownModels {
    private final String defaultEngine;
    /** Engine -> the models it has here; an engine that is not configured is missing. */
    private final Map<String, Set<String>> models;

    public KnownModels(AppConfig.Stt stt) {
        this.defaultEngine = stt.engine();
        this.models = SpeechModels.available(stt);
    }

    public String defaultEngine() {
        return defaultEngine;
    }

    /** A model the engine has here (or none: its default), so the job cannot fail for want of one. */
    public void require(String engine, String model) {
        Set<String> engineModels = models.get(engine);
        if (engineModels == null) {
            throw ApiError.badRequest("VALIDATION_FAILED", "engine " + engine + " is not configured on this server; engines: "
                    + String.join(", ", models.keySet()) + ".");
        }
        if (model != null && !model.strip().equals(SpeechModels.DEFAULT) && !engineModels.contains(model.strip())) {
            String available = models.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                    .collect(Collectors.joining("; "));
            throw ApiError.badRequest("UNKNOWN_MODEL", "Engine " + engine + " has no model '" + model.strip()
                    + "'. Models here: " + available + ".");
        }
    }

    /** As {@link #require(String, String)} for the engine that runs when none is named (live pieces, uploads). */
    public void require(String model) {
        require(defaultEngine, model);
    }
}
