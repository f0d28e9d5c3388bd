package io.audiojobs.worker.transcribe.chunks;

import static io.audiojobs.worker.transcribe.chunks.ChunkFixtures.concat;
import static io.audiojobs.worker.transcribe.chunks.ChunkFixtures.silence;
import static io.audiojobs.worker.transcribe.chunks.ChunkFixtures.tone;
import static io.audiojobs.worker.transcribe.chunks.ChunkFixtures.wavFromRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audiojobs.worker.audio.PcmWav;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SilenceDetectorTest {

    private static final Duration MIN_SILENCE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    @Test
    void findsSilencesOfAtLeastMinSilenceIncludingLeadingAndTrailing() throws Exception {
        byte[] pcm = concat(
                silence(400), tone(1_000, 440, 0.3),
                silence(500), tone(1_000, 440, 0.3),
                silence(200), tone(1_000, 440, 0.3), // too short to be a pause
                silence(700));
        Path wav = wavFromRaw(pcm, dir.resolve("a.wav"));

        assertThat(SilenceDetector.pauses(wav, 0.008, MIN_SILENCE))
                .containsExactly(new Pause(0, 400), new Pause(1_400, 1_900), new Pause(4_100, 4_800));
    }

    @Test
    void sendsPausesAsTheyEndAndReturnsTheDuration() throws Exception {
        Path wav = wavFromRaw(concat(tone(500, 440, 0.3), silence(300), tone(500, 440, 0.3)), dir.resolve("a.wav"));
        List<Pause> seen = new ArrayList<>();

        long durationMs = SilenceDetector.scan(wav, 0.008, MIN_SILENCE, seen::add);

        assertThat(durationMs).isEqualTo(1_300);
        assertThat(seen).containsExactly(new Pause(500, 800));
    }

    @Test
    void theThresholdIsAnRmsFractionOfFullScale() throws Exception {
        // a sine's RMS is its amplitude / sqrt(2): 0.01 -> 0.0071 (silent), 0.012 -> 0.0085 (sound)
        byte[] pcm = concat(tone(1_000, 440, 0.3), tone(1_000, 440, 0.01), tone(1_000, 440, 0.3),
                tone(1_000, 440, 0.012), tone(1_000, 440, 0.3));
        Path wav = wavFromRaw(pcm, dir.resolve("a.wav"));

        assertThat(SilenceDetector.pauses(wav, 0.008, MIN_SILENCE)).containsExactly(new Pause(1_000, 2_000));
        assertThat(SilenceDetector.pauses(wav, 0.02, MIN_SILENCE))
                .containsExactly(new Pause(1_000, 2_000), new Pause(3_000, 4_000));
    }

    @Test
    void aTrailingPartialFrameCountsAndThePauseEndsAtTheDuration() throws Exception {
        byte[] pcm = concat(tone(1_000, 440, 0.3), silence(400), new byte[2 * 7]); // 7 more samples
        Path wav = wavFromRaw(pcm, dir.resolve("a.wav"));

        assertThat(SilenceDetector.pauses(wav, 0.008, MIN_SILENCE)).containsExactly(new Pause(1_000, 1_401));
    }

    @Test
    void allSilenceIsOnePause() throws Exception {
        Path wav = wavFromRaw(silence(2_000), dir.resolve("a.wav"));
        assertThat(SilenceDetector.pauses(wav, 0.008, MIN_SILENCE)).containsExactly(new Pause(0, 2_000));
    }

    @Test
    void readsStreamingWavsWithoutADeclaredSize() throws Exception {
        byte[] pcm = concat(tone(500, 440, 0.3), silence(600), tone(500, 440, 0.3));
        byte[] wav = Files.readAllBytes(wavFromRaw(pcm, dir.resolve("a.wav")));
        int dataSizeAt = indexOf(wav, "data".getBytes(StandardCharsets.US_ASCII)) + 4;
        for (int unknown : new int[] {0, 0xFFFFFFFF}) {
            byte[] copy = wav.clone();
            copy[dataSizeAt] = (byte) unknown;
            copy[dataSizeAt + 1] = (byte) unknown;
            copy[dataSizeAt + 2] = (byte) unknown;
            copy[dataSizeAt + 3] = (byte) unknown;
            Path streamed = Files.write(dir.resolve("streamed.wav"), copy);

            assertThat(PcmWav.read(streamed).sampleCount()).isEqualTo(pcm.length / 2);
            assertThat(SilenceDetector.pauses(streamed, 0.008, MIN_SILENCE)).containsExactly(new Pause(500, 1_100));
        }
    }

    @Test
    void aTruncatedFileIsReadAsFarAsItGoes() throws Exception {
        byte[] pcm = concat(tone(500, 440, 0.3), silence(600), tone(500, 440, 0.3));
        byte[] wav = Files.readAllBytes(wavFromRaw(pcm, dir.resolve("a.wav")));
        Path truncated = Files.write(dir.resolve("t.wav"), Arrays.copyOf(wav, wav.length - 16_000 * 2 / 10 * 5));

        assertThat(PcmWav.read(truncated).durationMs()).isEqualTo(1_100);
        assertThat(SilenceDetector.pauses(truncated, 0.008, MIN_SILENCE)).containsExactly(new Pause(500, 1_100));
    }

    @Test
    void rejectsWhatIsNotSixteenBitPcmMonoWav() throws Exception {
        Path stereo = ChunkFixtures.ffmpeg(dir.resolve("stereo.wav"),
                "-f", "lavfi", "-i", "sine=duration=1", "-ac", "2", "-c:a", "pcm_s16le");
        Path float32 = ChunkFixtures.ffmpeg(dir.resolve("float.wav"),
                "-f", "lavfi", "-i", "sine=duration=1", "-ac", "1", "-c:a", "pcm_f32le");
        Path mp3 = ChunkFixtures.ffmpeg(dir.resolve("a.mp3"), "-f", "lavfi", "-i", "sine=duration=1");
        Path text = Files.writeString(dir.resolve("a.wav"), "hello");

        assertThatThrownBy(() -> SilenceDetector.pauses(stereo, 0.008, MIN_SILENCE))
                .isInstanceOf(IOException.class).hasMessageContaining("16-bit PCM mono");
        assertThatThrownBy(() -> SilenceDetector.pauses(float32, 0.008, MIN_SILENCE))
                .isInstanceOf(IOException.class).hasMessageContaining("16-bit PCM mono");
        assertThatThrownBy(() -> SilenceDetector.pauses(mp3, 0.008, MIN_SILENCE))
                .isInstanceOf(IOException.class).hasMessageContaining("not a WAV");
        assertThatThrownBy(() -> SilenceDetector.pauses(text, 0.008, MIN_SILENCE)).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsBadArguments() throws Exception {
        Path wav = wavFromRaw(silence(100), dir.resolve("a.wav"));
        assertThatThrownBy(() -> SilenceDetector.pauses(wav, 0, MIN_SILENCE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SilenceDetector.pauses(wav, 0.008, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
