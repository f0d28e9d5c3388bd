package io.audiojobs.worker.live;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a stream of 16 kHz mono PCM16 into pieces to transcribe while the stream goes on (seed 003's
 * voice activity detection): a 10 ms frame is silent when its RMS is below {@link #RMS_THRESHOLD} of
 * full scale; a piece starts at the first voiced frame with up to {@link #PRE_ROLL_MS} of what came
 * before it, and ends once {@link #SILENCE_MS} of silence follow at least {@link #MIN_PIECE_MS} of
 * piece, or when it reaches {@link #MAX_PIECE_MS}. Silence between pieces belongs to no piece. The
 * cuts depend only on the samples, so decoding the same stream again cuts it at the same places.
 *
 * <p>Holds at most one piece (15 s) and the pre-roll, whatever the length of the stream.
 */
final class VoiceActivityCutter {
    static final int SAMPLE_RATE = 16_000;
    static final double RMS_THRESHOLD = 0.008;
    static final int FRAME_MS = 10;
    static final int SILENCE_MS = 300;
    static final int MIN_PIECE_MS = 1_000;
    static final int MAX_PIECE_MS = 15_000;
    static final int PRE_ROLL_MS = 500;

    private static final int FRAME = SAMPLE_RATE * FRAME_MS / 1000;
    private static final int PRE_ROLL_FRAMES = PRE_ROLL_MS / FRAME_MS;
    private static final int MIN_SAMPLES = SAMPLE_RATE / 1000 * MIN_PIECE_MS;
    private static final int MAX_SAMPLES = SAMPLE_RATE / 1000 * MAX_PIECE_MS;
    private static final double SILENT_SQUARE_PER_SAMPLE = Math.pow(RMS_THRESHOLD * 32768, 2);

    /** A piece: its position in the stream (sample offsets) and its samples. */
    record Piece(int index, long startSample, long endSample, short[] samples) {
        long startMs() {
            return startSample * 1000 / SAMPLE_RATE;
        }

        long endMs() {
            return endSample * 1000 / SAMPLE_RATE;
        }
    }

    private final Consumer<Piece> sink;
    private final short[] frame = new short[FRAME];
    private int inFrame;
    private long frameStart;
    /** The last frames before a piece starts, oldest first, as a ring of whole frames. */
    private final short[] preRoll = new short[PRE_ROLL_FRAMES * FRAME];
    private int preRollFrames;
    private int preRollHead;
    private short[] piece = new short[MAX_SAMPLES];
    private int pieceLength = -1;
    private long pieceStart;
    private int silentMs;
    private int voicedFrames;
    private int nextIndex;

    VoiceActivityCutter(Consumer<Piece> sink) {
        this.sink = sink;
    }

    /** Samples decoded so far (ms of audio = this / 16). */
    long samplesSeen() {
        return frameStart + inFrame;
    }

    /** Takes little-endian PCM16 bytes; {@code length} must be even. */
    void accept(byte[] pcm, int length) {
        for (int i = 0; i + 1 < length; i += 2) {
            frame[inFrame++] = (short) ((pcm[i] & 0xFF) | pcm[i + 1] << 8);
            if (inFrame == FRAME) {
                frame(FRAME);
            }
        }
    }

    /** The stream ended: the piece in progress, if it holds voice, is the last one. */
    void finish() {
        if (inFrame > 0) {
            frame(inFrame);
        }
        if (pieceLength >= 0) {
            emit();
        }
    }

    private void frame(int length) {
        long squares = 0;
        for (int i = 0; i < length; i++) {
            squares += (long) frame[i] * frame[i];
        }
        boolean voiced = squares >= SILENT_SQUARE_PER_SAMPLE * length;
        if (pieceLength < 0) {
            if (voiced) {
                begin();
            } else {
                remember(length);
            }
        }
        if (pieceLength >= 0) {
            System.arraycopy(frame, 0, piece, pieceLength, length);
            pieceLength += length;
            silentMs = voiced ? 0 : silentMs + length * 1000 / SAMPLE_RATE;
            voicedFrames += voiced ? 1 : 0;
            if (silentMs >= SILENCE_MS && pieceLength >= MIN_SAMPLES) {
                emit();
            } else if (pieceLength + FRAME > MAX_SAMPLES) {
                emit();
                if (voiced) {
                    startEmpty(frameStart + length); // speech goes on: the next piece starts right here
                }
            }
        }
        frameStart += length;
        inFrame = 0;
    }

    /** Starts a piece at the current frame, with the pre-roll before it. */
    private void begin() {
        startEmpty(frameStart - (long) preRollFrames * FRAME);
        for (int i = 0; i < preRollFrames; i++) {
            int slot = (preRollHead + PRE_ROLL_FRAMES - preRollFrames + i) % PRE_ROLL_FRAMES;
            System.arraycopy(preRoll, slot * FRAME, piece, pieceLength, FRAME);
            pieceLength += FRAME;
        }
        preRollFrames = 0;
    }

    private void startEmpty(long start) {
        pieceStart = start;
        pieceLength = 0;
        silentMs = 0;
        voicedFrames = 0;
    }

    private void remember(int length) {
        if (length < FRAME) {
            return; // only the stream's last, partial frame: nothing follows it
        }
        System.arraycopy(frame, 0, preRoll, preRollHead * FRAME, FRAME);
        preRollHead = (preRollHead + 1) % PRE_ROLL_FRAMES;
        preRollFrames = Math.min(PRE_ROLL_FRAMES, preRollFrames + 1);
    }

    private void emit() {
        if (voicedFrames > 0) {
            sink.accept(new Piece(nextIndex++, pieceStart, pieceStart + pieceLength, Arrays.copyOf(piece, pieceLength)));
        }
        pieceLength = -1;
        preRollFrames = 0;
    }
}
