package io.audiojobs.worker.live;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A piece's samples as a 16 kHz mono PCM16 WAV file, what the speech engines and seed 003's chunk WAVs are. */
final class PieceWav {
    private PieceWav() {}

    static byte[] of(short[] samples) {
        int data = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(VoiceActivityCutter.SAMPLE_RATE).putInt(VoiceActivityCutter.SAMPLE_RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        for (short sample : samples) {
            b.putShort(sample);
        }
        return b.array();
    }
}
