package io.audiojobs.worker.transcribe.chunks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcmWavTest {

    @TempDir
    Path dir;

    @Test
    void readsFfmpegsWavWithItsListChunk() throws Exception {
        Path wav = ChunkFixtures.ffmpeg(dir.resolve("a.wav"),
                "-f", "lavfi", "-i", "sine=duration=1.5:sample_rate=16000", "-ac", "1", "-c:a", "pcm_s16le");

        PcmWav header = PcmWav.read(wav);

        assertThat(header.sampleRate()).isEqualTo(16_000);
        assertThat(header.sampleCount()).isEqualTo(24_000);
        assertThat(header.dataOffset()).isEqualTo(Files.size(wav) - 48_000);
        assertThat(header.durationMs()).isEqualTo(1_500);
    }

    @Test
    void convertsBetweenMillisecondsAndSamples() {
        PcmWav header = new PcmWav(16_000, 44, 16_007); // 1000.4375 ms
        assertThat(header.durationMs()).isEqualTo(1_001);
        assertThat(header.sampleAt(0)).isZero();
        assertThat(header.sampleAt(-5)).isZero();
        assertThat(header.sampleAt(250)).isEqualTo(4_000);
        assertThat(header.sampleAt(1_000)).isEqualTo(16_000);
        assertThat(header.sampleAt(1_001)).isEqualTo(16_007);
        assertThat(header.sampleAt(99_999)).isEqualTo(16_007);
        assertThat(header.msAt(4_000)).isEqualTo(250);
        assertThat(header.msAt(16_007)).isEqualTo(1_001);
    }

    @Test
    void readsWaveFormatExtensibleWithAPcmSubFormat() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer fmt = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) 0xFFFE).putShort((short) 1).putInt(16_000).putInt(32_000)
                .putShort((short) 2).putShort((short) 16)
                .putShort((short) 22).putShort((short) 16).putInt(4) // cbSize, valid bits, channel mask
                .putShort((short) 1).put(new byte[14]); // sub-format GUID starting with PCM
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le32(4 + 8 + 40 + 8 + 3 + 1 + 8 + 10));
        out.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("fmt ".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le32(40));
        out.writeBytes(fmt.array());
        out.writeBytes("junk".getBytes(StandardCharsets.US_ASCII)); // odd-sized chunk, padded
        out.writeBytes(le32(3));
        out.writeBytes(new byte[4]);
        out.writeBytes("data".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le32(10));
        out.writeBytes(new byte[10]);
        Path wav = Files.write(dir.resolve("ext.wav"), out.toByteArray());

        PcmWav header = PcmWav.read(wav);

        assertThat(header.sampleCount()).isEqualTo(5);
        assertThat(header.dataOffset()).isEqualTo(12 + 8 + 40 + 8 + 4 + 8);
    }

    private static byte[] le32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
