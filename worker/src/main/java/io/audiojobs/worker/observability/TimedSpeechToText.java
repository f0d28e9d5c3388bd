package io.audiojobs.worker.observability;

import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.worker.transcribe.SpeechToText;
import io.audiojobs.worker.transcribe.TranscriptionRequest;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A speech-to-text engine whose successful transcriptions feed the real-time factor: the audio's
 * length comes from the WAV header (the 16 kHz mono PCM the convert step wrote, read with the JDK's
 * javax.sound reader so this does not depend on the product's WAV classes), the processing time is
 * the call's wall time. Failures are not measured.
 */
public final class TimedSpeechToText implements SpeechToText {
    private final SpeechToText engine;
    private final SpeechMetrics metrics;

    public TimedSpeechToText(SpeechToText engine, SpeechMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    @Override
    public String engine() {
        return engine.engine();
    }

    @Override
    public String defaultModel() {
        return engine.defaultModel();
    }

    @Override
    public Transcript transcribe(Path wav, TranscriptionRequest request) throws Exception {
        long started = System.nanoTime();
        Transcript transcript = engine.transcribe(wav, request);
        long processingMillis = (System.nanoTime() - started) / 1_000_000;
        long audioMillis = audioMillis(wav);
        if (audioMillis > 0) {
            metrics.recordRealTimeFactor(engine.engine(), audioMillis, processingMillis);
        }
        return transcript;
    }

    /** The audio's length from its header (the JDK's WAV reader), or -1 when it cannot be told. */
    static long audioMillis(Path wav) {
        try {
            AudioFileFormat format = AudioSystem.getAudioFileFormat(wav.toFile());
            long frames = format.getFrameLength();
            float rate = format.getFormat().getFrameRate();
            if (frames <= 0 || rate <= 0) {
                return -1;
            }
            return Math.round(frames * 1000.0 / rate);
        } catch (IOException | UnsupportedAudioFileException | RuntimeException e) {
            return -1; // not audio we can measure: no sample rather than a wrong one
        }
    }
}
