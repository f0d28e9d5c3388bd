package io.audiojobs.worker.transcribe;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.worker.openai.OpenAiConnection;
import io.audiojobs.worker.transcribe.openai.OpenAiSpeechToText;
import io.audiojobs.worker.transcribe.vosk.VoskSpeechToText;

import java.nio.file.Files;
import java.util.function.UnaryOperator;

/**
 * The speech-to-text engines of this worker process. The Vosk model is loaded once per process,
 * on first use (a few seconds, ~280 MB), and shared by every job thread; the OpenAI-compatible
 * engine exists when OPENAI_BASE_URL is set.
 */
public final class SpeechEngines implements AutoCloseable {
    /** openai-java's own quick retries per call; see OpenAiSpeechToText for how they combine with the job's. */
    private static final int OPENAI_CLIENT_RETRIES = 2;

    private final AppConfig.Stt config;
    private final UnaryOperator<SpeechToText> measured;
    private final OpenAiSpeechToText openai;
    private VoskSpeechToText vosk;

    public SpeechEngines(AppConfig.Stt config) {
        this(config, UnaryOperator.identity());
    }

    /** @param measured wraps each engine handed out (WorkerMetrics::timed records the real-time factor) */
    public SpeechEngines(AppConfig.Stt config, UnaryOperator<SpeechToText> measured) {
        this.config = config;
        this.measured = measured;
        this.openai = config.openaiBaseUrl()
                .map(url -> new OpenAiSpeechToText(new OpenAiConnection(url, config.openaiApiKey(),
                        config.openaiTimeout(), OPENAI_CLIENT_RETRIES), config.sttModel()))
                .orElse(null);
    }

    public String defaultEngine() {
        return config.engine();
    }

    public SpeechToText get(String engine) {
        return measured.apply(engine(engine));
    }

    private SpeechToText engine(String engine) {
        return switch (engine) {
            case "vosk" -> vosk();
            case "openai" -> {
                if (openai == null) {
                    throw new PermanentJobFailure("The openai engine is not configured on the workers (OPENAI_BASE_URL is not set).");
                }
                yield openai;
            }
            default -> throw new PermanentJobFailure("Unknown speech-to-text engine '" + engine + "'; use vosk or openai.");
        };
    }

    private synchronized VoskSpeechToText vosk() {
        if (vosk == null) {
            if (!Files.isDirectory(config.voskModelPath())) {
                throw new IllegalStateException("the Vosk model is not at " + config.voskModelPath().toAbsolutePath()
                        + " (VOSK_MODEL_PATH); build the project (./mvnw package) to unpack it");
            }
            try {
                vosk = new VoskSpeechToText(config.voskModelPath());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("the Vosk model at " + config.voskModelPath() + " could not be loaded", e);
            }
        }
        return vosk;
    }

    @Override
    public synchronized void close() {
        if (vosk != null) {
            vosk.close();
        }
        if (openai != null) {
            openai.close();
        }
    }
}
