package io.audiojobs.worker.analyze.metrics;

/**
 * EBU R128 measurements of a recording, as {@link LoudnessMeter} reads them from ffmpeg's {@code
 * ebur128} filter.
 *
 * <p>Silence: ffmpeg reports an integrated loudness of -70 LUFS (the absolute gate: no 400 ms block
 * was louder) and a true peak of {@code -inf}; both are {@link Double#NEGATIVE_INFINITY} here, the
 * loudness of nothing, and the loudness range is then 0. Use {@link #isSilent()} or the {@code
 * ...OrNull} accessors where an infinity cannot go (JSON numbers).
 *
 * @param integratedLufs integrated (programme) loudness in LUFS, or negative infinity for silence
 * @param loudnessRangeLu loudness range (LRA) in LU, 0 or more
 * @param truePeakDbtp highest true peak over all channels in dBTP, or negative infinity for
 *     digital silence
 */
public record Loudness(double integratedLufs, double loudnessRangeLu, double truePeakDbtp) {

    /** Whether nothing was loud enough to measure (integrated loudness at or below -70 LUFS). */
    public boolean isSilent() {
        return integratedLufs == Double.NEGATIVE_INFINITY;
    }

    /** The integrated loudness, or null for silence. */
    public Double integratedLufsOrNull() {
        return Double.isFinite(integratedLufs) ? integratedLufs : null;
    }

    /** The true peak, or null for digital silence. */
    public Double truePeakDbtpOrNull() {
        return Double.isFinite(truePeakDbtp) ? truePeakDbtp : null;
    }
}
