package io.audiojobs.worker.observability;

/** Where speech-to-text timings go; {@link #NONE} when nothing measures them (tests). */
@FunctionalInterface
public interface SpeechMetrics {
    SpeechMetrics NONE = (engine, audioMillis, processingMillis) -> {};

    /**
     * One transcription: {@code audioMillis} of audio took {@code processingMillis} of work. The
     * real-time factor is processing / audio: below 1 the engine is faster than real time.
     */
    void recordRealTimeFactor(String engine, long audioMillis, long processingMillis);
}
