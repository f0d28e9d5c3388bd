package io.audiojobs.worker.audio;

import static io.audiojobs.worker.audio.WavBytes.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavHeaderTest {

    @TempDir
    Path dir;

    @Test
    void skipsChunksBeforeTheDataIncludingOddSizedOnes() throws Exception {
        byte[] list = "INFOISFT\u0005\0\0\0Lavf\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] file = new WavBytes()
                .fmt(1, 1, 16_000, 16)
                .chunk("LIST", list)
                .chunk("junk", new byte[] {1, 2, 3}) // odd size: one pad byte follows
                .chunk("data", samples(10_000))
                .bytes();

        WavHeader header = WavHeader.read(write(file));

        assertThat(header.isPcm16Mono()).isTrue();
        assertThat(header.sampleRate()).isEqualTo(16_000);
        assertThat(header.byteRate()).isEqualTo(32_000);
        assertThat(header.blockAlign()).isEqualTo(2);
        assertThat(header.dataOffset()).isEqualTo(file.length - 10_000);
        assertThat(header.declaredDataBytes()).isEqualTo(10_000);
    }

    @Test
    void leavesTheStreamAtTheFirstSample() throws Exception {
        byte[] samples = samples(100);
        InputStream in = new ByteArrayInputStream(
                new WavBytes().fmt(1, 1, 16_000, 16).chunk("junk", new byte[3]).chunk("data", samples).bytes());

        WavHeader.read(in);

        assertThat(in.readAllBytes()).isEqualTo(samples);
    }

    @Test
    void aDataSizeOfZeroOrAllOnesIsUnknownAndTheFileSaysHowMuchIsThere() throws Exception {
        for (long unknown : new long[] {0, 0xFFFF_FFFFL}) {
            byte[] file = new WavBytes().fmt(1, 1, 16_000, 16).chunkWithDeclaredSize("data", unknown, samples(5_000))
                    .bytes();

            WavHeader header = WavHeader.read(write(file));

            assertThat(header.declaredDataBytes()).isEqualTo(WavHeader.UNKNOWN_SIZE);
            assertThat(header.availableDataBytes(file.length)).isEqualTo(5_000);
        }
    }

    @Test
    void availableDataBytesAreTheDeclaredOnesAtMost() throws Exception {
        byte[] truncated = new WavBytes().fmt(1, 1, 16_000, 16).chunkWithDeclaredSize("data", 100_000, samples(3_000))
                .bytes();
        byte[] trailingChunk = new WavBytes().fmt(1, 1, 16_000, 16).chunk("data", samples(3_000))
                .chunk("id3 ", new byte[500]).bytes();

        assertThat(WavHeader.read(write(truncated)).availableDataBytes(truncated.length)).isEqualTo(3_000);
        assertThat(WavHeader.read(write(trailingChunk)).availableDataBytes(trailingChunk.length)).isEqualTo(3_000);
    }

    @Test
    void knowsTheRealFormatOfAnExtensibleHeader() throws Exception {
        byte[] file = new WavBytes().extensiblePcmFmt().chunk("junk", new byte[3]).chunk("data", samples(10)).bytes();

        WavHeader header = WavHeader.read(write(file));

        assertThat(header.formatTag()).isEqualTo(WavHeader.FORMAT_PCM);
        assertThat(header.isPcm16Mono()).isTrue();
        assertThat(header.dataOffset()).isEqualTo(12 + 8 + 40 + 8 + 4 + 8);
    }

    @Test
    void describesFormatsInWords() throws Exception {
        byte[] float32 = new WavBytes().fmt(3, 2, 48_000, 32).chunk("data", samples(100)).bytes();
        byte[] pcm = new WavBytes().fmt(1, 1, 16_000, 16).chunk("data", samples(100)).bytes();

        WavHeader header = WavHeader.read(write(float32));

        assertThat(header.isPcm16Mono()).isFalse();
        assertThat(header.describeFormat()).isEqualTo("format 0x0003, 32-bit, 2 channels, 48000 Hz");
        assertThat(WavHeader.read(write(pcm)).describeFormat()).isEqualTo("PCM, 16-bit, 1 channel, 16000 Hz");
    }

    @Test
    void refusesWhatIsNotAWaveFileSayingWhy() throws Exception {
        Path text = write("not a wave file at all".getBytes(StandardCharsets.US_ASCII));
        Path avi = write(new WavBytes().chunk("LIST", new byte[8]).bytes("AVI "));
        Path noData = write(new WavBytes().fmt(1, 1, 16_000, 16).bytes());
        Path dataFirst = write(new WavBytes().chunk("data", samples(10)).fmt(1, 1, 16_000, 16).bytes());
        Path shortFmt = write(new WavBytes().chunk("fmt ", new byte[14]).chunk("data", samples(10)).bytes());
        Path empty = write(new byte[0]);

        assertThatThrownBy(() -> WavHeader.read(text)).isInstanceOf(NotWavException.class)
                .hasMessageContaining("RIFF");
        assertThatThrownBy(() -> WavHeader.read(avi)).isInstanceOf(NotWavException.class)
                .hasMessageContaining("not WAVE");
        assertThatThrownBy(() -> WavHeader.read(noData)).isInstanceOf(NotWavException.class)
                .hasMessageContaining("ends before the data chunk");
        assertThatThrownBy(() -> WavHeader.read(dataFirst)).isInstanceOf(NotWavException.class)
                .hasMessageContaining("before the fmt chunk");
        assertThatThrownBy(() -> WavHeader.read(shortFmt)).isInstanceOf(NotWavException.class)
                .hasMessageContaining("fmt chunk is too short");
        assertThatThrownBy(() -> WavHeader.read(empty)).isInstanceOf(NotWavException.class);
    }

    private Path write(byte[] bytes) throws Exception {
        return Files.write(Files.createTempFile(dir, "test", ".wav"), bytes);
    }
}
