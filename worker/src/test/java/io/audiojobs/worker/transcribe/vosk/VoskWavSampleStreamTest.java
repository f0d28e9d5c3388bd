package io.audiojobs.worker.transcribe.vosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAV reader in front of Vosk: header chunks skipped, exactly the data chunk's bytes returned. */
class VoskWavSampleStreamTest {

    @TempDir
    Path dir;

    @Test
    void skipsChunksBeforeTheDataIncludingOddSizedOnesAndStopsAtTheDataChunksEnd() throws Exception {
        byte[] samples = samples(10_000);
        byte[] file = new Wav()
                .fmt(1, 1, 16_000, 16)
                .chunk("LIST", "INFOISFT\u0005\0\0\0Lavf\0".getBytes(StandardCharsets.ISO_8859_1))
                .chunk("junk", new byte[] {1, 2, 3}) // odd size: one pad byte follows
                .chunk("data", samples)
                .chunk("id3 ", "trailing metadata that is not audio".getBytes(StandardCharsets.US_ASCII))
                .bytes();

        try (WavSampleStream wav = WavSampleStream.open(write(file))) {
            assertThat(wav.isPcm16Mono()).isTrue();
            assertThat(wav.sampleRate).isEqualTo(16_000);
            assertThat(wav.declaredDataBytes).isEqualTo(samples.length);
            assertThat(readAll(wav, 4096)).isEqualTo(samples);
        }
    }

    @Test
    void fillsEveryBufferButTheLast() throws Exception {
        byte[] samples = samples(10_000);
        try (WavSampleStream wav = WavSampleStream.open(write(new Wav().fmt(1, 1, 16_000, 16).chunk("data", samples).bytes()))) {
            byte[] buffer = new byte[4096];
            assertThat(wav.read(buffer)).isEqualTo(4096);
            assertThat(wav.read(buffer)).isEqualTo(4096);
            assertThat(wav.read(buffer)).isEqualTo(10_000 - 8192);
            assertThat(wav.read(buffer)).isEqualTo(-1);
        }
    }

    @Test
    void readsToTheEndWhenTheWriterCouldNotKnowTheSize() throws Exception {
        byte[] samples = samples(5_000);
        byte[] file = new Wav().fmt(1, 1, 16_000, 16).chunkWithDeclaredSize("data", 0xFFFF_FFFFL, samples).bytes();

        try (WavSampleStream wav = WavSampleStream.open(write(file))) {
            assertThat(wav.declaredDataBytes).isEqualTo(WavSampleStream.UNKNOWN_SIZE);
            assertThat(readAll(wav, 4096)).isEqualTo(samples);
        }
    }

    @Test
    void aTruncatedFileGivesTheSamplesItHas() throws Exception {
        byte[] samples = samples(3_000);
        byte[] file = new Wav().fmt(1, 1, 16_000, 16).chunkWithDeclaredSize("data", 100_000, samples).bytes();

        try (WavSampleStream wav = WavSampleStream.open(write(file))) {
            assertThat(readAll(wav, 4096)).isEqualTo(samples);
        }
    }

    @Test
    void knowsTheRealFormatOfAnExtensibleHeader() throws Exception {
        ByteBuffer fmt = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) 0xFFFE).putShort((short) 1).putInt(16_000).putInt(32_000).putShort((short) 2)
                .putShort((short) 16);
        fmt.putShort((short) 22).putShort((short) 16).putInt(4); // cbSize, valid bits, channel mask
        fmt.putShort((short) 1).put(new byte[14]); // KSDATAFORMAT_SUBTYPE_PCM: tag 1 then the GUID's rest
        byte[] file = new Wav().chunk("fmt ", fmt.array()).chunk("data", samples(100)).bytes();

        try (WavSampleStream wav = WavSampleStream.open(write(file))) {
            assertThat(wav.formatTag).isEqualTo(WavSampleStream.FORMAT_PCM);
            assertThat(wav.isPcm16Mono()).isTrue();
        }
    }

    @Test
    void describesFormatsItDoesNotTake() throws Exception {
        byte[] file = new Wav().fmt(3, 2, 48_000, 32).chunk("data", samples(100)).bytes();

        try (WavSampleStream wav = WavSampleStream.open(write(file))) {
            assertThat(wav.isPcm16Mono()).isFalse();
            assertThat(wav.describeFormat()).isEqualTo("format 0x0003, 32-bit, 2 channels, 48000 Hz");
        }
    }

    @Test
    void refusesWhatIsNotAWaveFile() throws Exception {
        Path text = write("not a wave file at all".getBytes(StandardCharsets.US_ASCII));
        Path riffOnly = write(new Wav().fmt(1, 1, 16_000, 16).bytes()); // no data chunk
        Path dataFirst = write(new Wav().chunk("data", samples(10)).fmt(1, 1, 16_000, 16).bytes());
        Path empty = write(new byte[0]);

        assertThatThrownBy(() -> WavSampleStream.open(text)).isInstanceOf(WavSampleStream.NotWavException.class)
                .hasMessageContaining("RIFF");
        assertThatThrownBy(() -> WavSampleStream.open(riffOnly)).isInstanceOf(WavSampleStream.NotWavException.class)
                .hasMessageContaining("ends before the data chunk");
        assertThatThrownBy(() -> WavSampleStream.open(dataFirst)).isInstanceOf(WavSampleStream.NotWavException.class)
                .hasMessageContaining("before the fmt chunk");
        assertThatThrownBy(() -> WavSampleStream.open(empty)).isInstanceOf(WavSampleStream.NotWavException.class);
    }

    private Path write(byte[] bytes) throws Exception {
        return Files.write(Files.createTempFile(dir, "test", ".wav"), bytes);
    }

    private static byte[] readAll(WavSampleStream wav, int bufferSize) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[bufferSize];
        int count;
        while ((count = wav.read(buffer)) > 0) {
            out.write(buffer, 0, count);
        }
        return out.toByteArray();
    }

    private static byte[] samples(int count) {
        byte[] samples = new byte[count];
        for (int i = 0; i < count; i++) {
            samples[i] = (byte) (i * 31 + 7);
        }
        return samples;
    }

    /** Builds a RIFF/WAVE file chunk by chunk. */
    private static final class Wav {
        private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();

        Wav fmt(int formatTag, int channels, int sampleRate, int bits) {
            ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            int blockAlign = channels * bits / 8;
            fmt.putShort((short) formatTag).putShort((short) channels).putInt(sampleRate)
                    .putInt(sampleRate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
            return chunk("fmt ", fmt.array());
        }

        Wav chunk(String id, byte[] body) {
            return chunkWithDeclaredSize(id, body.length, body);
        }

        Wav chunkWithDeclaredSize(String id, long declaredSize, byte[] body) {
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
            ByteBuffer riff = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.size())
                    .put("WAVE".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(riff.array());
            out.writeBytes(chunks.toByteArray());
            return out.toByteArray();
        }
    }
}
