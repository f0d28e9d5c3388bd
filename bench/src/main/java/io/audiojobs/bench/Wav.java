package io.audiojobs.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A small valid WAV file (16-bit mono PCM silence): the payload of the uploads that record creation needs. */
final class Wav {
    private Wav() {}

    static byte[] silence(int sampleRate, double seconds) {
        int dataBytes = (int) (sampleRate * seconds) * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes()).putInt(dataBytes);
        return wav.array();
    }
}
