package io.audiojobs.worker.audio;

import static io.audiojobs.worker.audio.WavBytes.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly the data chunk's bytes, however the header and the file end. */
class WavSampleStreamTest {

    @TempDir
    Path dir;

    @Test
    void stopsAtTheEndOfTheDataChunk() throws Exception {
        byte[] samples = samples(10_000);
        byte[] file = new WavBytes()
                .fmt(1, 1, 16_000, 16)
                .chunk("junk", new byte[] {1, 2, 3})
                .chunk("data", samples)
                .chunk("id3 ", "trailing metadata that is not audio".getBytes(StandardCharsets.US_ASCII))
                .bytes();

        try (WavSampleStream wav = WavSampleStream.open(write(file))) {
            assertThat(wav.header().isPcm16Mono()).isTrue();
            assertThat(readAll(wav)).isEqualTo(samples);
        }
    }

    @Test
    void fillsEveryBufferButTheLast() throws Exception {
        byte[] file = new WavBytes().fmt(1, 1, 16_000, 16).chunk("data", samples(10_000)).bytes();

        try (WavSampleStream wav = WavSampleStream.open(write(file))) {
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
        byte[] file = new WavBytes().fmt(1, 1, 16_000, 16).chunkWithDeclaredSize("data", 0xFFFF_FFFFL, samples)
                .bytes();

        try (WavSampleStream wav = WavSampleStream.open(write(file))) {
            assertThat(wav.header().declaredDataBytes()).isEqualTo(WavHeader.UNKNOWN_SIZE);
            assertThat(readAll(wav)).isEqualTo(samples);
        }
    }

    @Test
    void aTruncatedFileGivesTheSamplesItHas() throws Exception {
        byte[] samples = samples(3_000);
        byte[] file = new WavBytes().fmt(1, 1, 16_000, 16).chunkWithDeclaredSize("data", 100_000, samples).bytes();

        try (WavSampleStream wav = WavSampleStream.open(write(file))) {
            assertThat(readAll(wav)).isEqualTo(samples);
        }
    }

    @Test
    void refusesWhatIsNotAWaveFile() throws Exception {
        Path text = write("not a wave file at all".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> WavSampleStream.open(text)).isInstanceOf(NotWavException.class)
                .hasMessageContaining("RIFF");
    }

    private Path write(byte[] bytes) throws Exception {
        return Files.write(Files.createTempFile(dir, "test", ".wav"), bytes);
    }

    private static byte[] readAll(WavSampleStream wav) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int count;
        while ((count = wav.read(buffer)) > 0) {
            out.write(buffer, 0, count);
        }
        return out.toByteArray();
    }
}
