package io.audiojobs.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small real WAV files (16-bit PCM sine) made in memory. */
public final class TestAudio {
    private TestAudio() {}

    public static byte[] wav(double seconds) {
        int rate = 16_000;
        int samples = (int) (seconds * rate);
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (Math.sin(2 * Math.PI * 440 * i / rate) * 8000));
        }
        return b.array();
    }
}
