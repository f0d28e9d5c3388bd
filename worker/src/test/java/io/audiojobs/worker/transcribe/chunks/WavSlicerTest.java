package io.audiojobs.worker.transcribe.chunks;

import static io.audiojobs.worker.transcribe.chunks.ChunkFixtures.probeDurationMs;
import static io.audiojobs.worker.transcribe.chunks.ChunkFixtures.rawPcm;
import static io.audiojobs.worker.transcribe.chunks.ChunkFixtures.wavFromRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavSlicerTest {

    @TempDir
    Path dir;

    private final WavSlicer slicer = new WavSlicer();

    @Test
    void slicesHaveTheSpansDurationAndTogetherGiveBackTheOriginalSamples() throws Exception {
        PauseSplitterTest.Speech speech = PauseSplitterTest.sixUtterances(dir);
        Path wav = wavFromRaw(speech.pcm(), dir.resolve("speech.wav"));
        List<ChunkSpan> spans = new PauseSplitter(SplitSettings.forMaxChunk(Duration.ofSeconds(8))).split(wav);
        assertThat(spans).hasSizeGreaterThan(2);

        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (ChunkSpan span : spans) {
            Path slice = dir.resolve("slice-" + span.index() + ".wav");
            slicer.write(wav, span, slice);

            assertThat(probeDurationMs(slice)).isCloseTo(span.durationMs(), within(20L));
            assertHeaderSizes(slice);
            joined.writeBytes(rawPcm(dir, slice));
        }
        assertThat(joined.toByteArray()).isEqualTo(speech.pcm());
    }

    @Test
    void aSpanReachingPastTheEndStopsAtTheEnd() throws Exception {
        byte[] pcm = ChunkFixtures.tone(1_234, 300, 0.2);
        Path wav = wavFromRaw(pcm, dir.resolve("tone.wav"));
        Path slice = dir.resolve("tail.wav");

        slicer.write(wav, new ChunkSpan(0, 1_000, 5_000), slice);

        assertThat(probeDurationMs(slice)).isEqualTo(234);
        byte[] expected = Arrays.copyOfRange(pcm, 1_000 * 32, pcm.length);
        assertThat(rawPcm(dir, slice)).isEqualTo(expected);
    }

    @Test
    void anEmptySpanGivesAValidEmptyWav() throws Exception {
        Path wav = wavFromRaw(ChunkFixtures.tone(500, 300, 0.2), dir.resolve("tone.wav"));
        Path slice = dir.resolve("empty.wav");

        slicer.write(wav, new ChunkSpan(0, 200, 200), slice);

        assertThat(Files.size(slice)).isEqualTo(44);
        assertHeaderSizes(slice);
    }

    @Test
    void replacesAnExistingOutput() throws Exception {
        Path wav = wavFromRaw(ChunkFixtures.tone(500, 300, 0.2), dir.resolve("tone.wav"));
        Path slice = Files.write(dir.resolve("old.wav"), new byte[100_000]);

        slicer.write(wav, new ChunkSpan(0, 0, 100), slice);

        assertThat(Files.size(slice)).isEqualTo(44 + 100 * 32);
    }

    @Test
    void aSpanStartingAfterTheEndIsRejected() throws Exception {
        Path wav = wavFromRaw(ChunkFixtures.tone(500, 300, 0.2), dir.resolve("tone.wav"));
        assertThatThrownBy(() -> slicer.write(wav, new ChunkSpan(1, 600, 700), dir.resolve("x.wav")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The RIFF and data sizes in a 44-byte header match the file. */
    static void assertHeaderSizes(Path slice) throws Exception {
        byte[] bytes = Files.readAllBytes(slice);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(header.getInt(4)).isEqualTo(bytes.length - 8);
        assertThat(new String(bytes, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
        assertThat(header.getInt(40)).isEqualTo(bytes.length - 44);
        assertThat(header.getShort(20)).isEqualTo((short) 1); // PCM
        assertThat(header.getShort(22)).isEqualTo((short) 1); // mono
        assertThat(header.getInt(24)).isEqualTo(16_000);
        assertThat(header.getShort(34)).isEqualTo((short) 16);
    }
}
