package io.audiojobs.worker.audio;

import static io.audiojobs.worker.audio.WavBytes.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audiojobs.worker.testing.SpeechFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcmWavTest {

    @TempDir
    Path dir;

    @Test
    void readsFfmpegsWavWithItsListChunk() throws Exception {
        Path wav = SpeechFixtures.ffmpeg(dir.resolve("a.wav"),
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
        Path wav = Files.write(dir.resolve("ext.wav"),
                new WavBytes().extensiblePcmFmt().chunk("junk", new byte[3]).chunk("data", samples(10)).bytes());

        PcmWav header = PcmWav.read(wav);

        assertThat(header.sampleCount()).isEqualTo(5);
        assertThat(header.dataOffset()).isEqualTo(12 + 8 + 40 + 8 + 4 + 8);
    }

    @Test
    void refusesWhatIsNotSixteenBitPcmMonoWavNamingTheFile() throws Exception {
        Path stereo = Files.write(dir.resolve("stereo.wav"),
                new WavBytes().fmt(1, 2, 44_100, 16).chunk("data", samples(100)).bytes());
        Path text = Files.writeString(dir.resolve("notes.wav"), "hello");

        assertThatThrownBy(() -> PcmWav.read(stereo)).isInstanceOf(IOException.class)
                .hasMessage("stereo.wav: expected 16-bit PCM mono WAV, got PCM, 16-bit, 2 channels, 44100 Hz");
        assertThatThrownBy(() -> PcmWav.read(text)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("notes.wav is not a WAV file: ");
    }
}
