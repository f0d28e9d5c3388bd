package io.audiojobs.worker.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds a RIFF/WAVE file chunk by chunk, odd-sized chunks padded as RIFF wants. */
final class WavBytes {

    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();

    /** Sample bytes that differ from each other, so that misplaced ones show. */
    static byte[] samples(int count) {
        byte[] samples = new byte[count];
        for (int i = 0; i < count; i++) {
            samples[i] = (byte) (i * 31 + 7);
        }
        return samples;
    }

    /** A 16-byte {@code fmt } chunk. */
    WavBytes fmt(int formatTag, int channels, int sampleRate, int bits) {
        ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * bits / 8;
        fmt.putShort((short) formatTag).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        return chunk("fmt ", fmt.array());
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE {@code fmt } chunk for 16 kHz mono 16-bit PCM. */
    WavBytes extensiblePcmFmt() {
        ByteBuffer fmt = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) 0xFFFE).putShort((short) 1).putInt(16_000).putInt(32_000).putShort((short) 2)
                .putShort((short) 16);
        fmt.putShort((short) 22).putShort((short) 16).putInt(4); // cbSize, valid bits, channel mask
        fmt.putShort((short) 1).put(new byte[14]); // KSDATAFORMAT_SUBTYPE_PCM: tag 1 then the GUID's rest
        return chunk("fmt ", fmt.array());
    }

    WavBytes chunk(String id, byte[] body) {
        return chunkWithDeclaredSize(id, body.length, body);
    }

    WavBytes chunkWithDeclaredSize(String id, long declaredSize, byte[] body) {
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        header.put(id.getBytes(StandardCharsets.US_ASCII)).putInt((int) declaredSize);
        chunks.writeBytes(header.array());
        chunks.writeBytes(body);
        if ((body.length & 1) == 1) {
            chunks.write(0);
        }
        return this;
    }

    byte[] bytes() {
        return bytes("WAVE");
    }

    /** The chunks behind a RIFF header of form type {@code riffType}. */
    byte[] bytes(String riffType) {
        ByteBuffer riff = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.size())
                .put(riffType.getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(riff.array());
        out.writeBytes(chunks.toByteArray());
        return out.toByteArray();
    }
}
