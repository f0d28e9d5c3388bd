package io.audiojobs.worker.transcribe;

import io.audiojobs.shared.transcripts.Transcript;

import java.nio.file.Path;

/**
 * A speech-to-text engine. Input is always the normalized 16 kHz mono 16-bit PCM WAV the convert
 * step wrote. Implementations throw {@link io.audiojobs.shared.jobs.PermanentJobFailure} for
 * failures no retry can fix (e.g. a provider's 400) and any other exception for ones worth retrying.
 */
public interface SpeechToText {

    /** The engine's name as stored with transcripts: "vosk" or "openai". */
    String engine();

    /** The model used when the request names none. */
    String defaultModel();

    Transcript transcribe(Path wav, TranscriptionRequest request) throws Exception;
}
