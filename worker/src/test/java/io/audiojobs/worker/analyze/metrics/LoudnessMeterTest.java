package io.audiojobs.worker.analyze.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.audiojobs.worker.media.ToolTimeLimit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loudness of signals whose loudness is known from the R128 definition: a full-scale 1 kHz sine
 * in one channel reads -3.01 LUFS, so a mono sine of amplitude 0.1 (-20 dBFS) reads about -23 LUFS
 * with a true peak of -20 dBTP (ffmpeg 5.1 reads -23.0 and -20.0).
 */
class LoudnessMeterTest {

    static final String FFMPEG = System.getenv().getOrDefault("FFMPEG", "ffmpeg");
    static final ToolTimeLimit TIME_LIMIT = new ToolTimeLimit(Duration.ofMinutes(1), 0.5);

    @TempDir
    Path dir;

    private final LoudnessMeter meter = new LoudnessMeter(FFMPEG, TIME_LIMIT);

    private Path ffmpeg(String name, String... args) throws IOException, InterruptedException {
        Path output = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of(FFMPEG, "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        command.add(output.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("Fixture command failed: " + command + "\n" + printed);
        }
        return output;
    }

    private Path sine(String name, double amplitude, int sampleRate, double seconds) throws Exception {
        return ffmpeg(name, "-f", "lavfi",
                "-i", "aevalsrc=" + amplitude + "*sin(2*PI*1000*t):s=" + sampleRate + ":d=" + seconds,
                "-ac", "1", "-c:a", "pcm_s16le");
    }

    @Test
    void aSineOfAmplitudePointOneIsAboutMinus23Lufs() throws Exception {
        Loudness loudness = meter.measure(sine("a.wav", 0.1, 48_000, 10), 10_000);

        assertThat(loudness.integratedLufs()).isCloseTo(-23.0, within(0.5));
        assertThat(loudness.truePeakDbtp()).isCloseTo(-20.0, within(0.5));
        assertThat(loudness.loudnessRangeLu()).isCloseTo(0.0, within(0.5));
        assertThat(loudness.isSilent()).isFalse();
        assertThat(loudness.integratedLufsOrNull()).isNotNull();
    }

    @Test
    void twentyDecibelsQuieterReadsTwentyLuLower() throws Exception {
        // the normalized 16 kHz WAV the pipeline measures
        Loudness loud = meter.measure(sine("loud.wav", 0.1, 16_000, 10), 10_000);
        Loudness quiet = meter.measure(sine("quiet.wav", 0.01, 16_000, 10), 10_000);

        assertThat(loud.integratedLufs()).isCloseTo(-23.0, within(1.0));
        assertThat(quiet.integratedLufs() - loud.integratedLufs()).isCloseTo(-20.0, within(0.5));
        assertThat(quiet.truePeakDbtp()).isCloseTo(-40.0, within(1.0));
    }

    @Test
    void alternatingLevelsHaveALoudnessRange() throws Exception {
        // 10 s at -20 dBFS, 10 s at -40 dBFS, twice: short-term loudness spreads over about 20 LU
        Path wav = ffmpeg("steps.wav", "-f", "lavfi",
                "-i", "aevalsrc='if(lt(mod(t,20),10),0.1,0.01)*sin(2*PI*1000*t)':s=16000:d=40",
                "-ac", "1", "-c:a", "pcm_s16le");

        Loudness loudness = meter.measure(wav, 40_000);

        assertThat(loudness.loudnessRangeLu()).isBetween(10.0, 22.0);
        assertThat(loudness.integratedLufs()).isBetween(-27.0, -22.0);
    }

    @Test
    void silenceIsNegativeInfinity() throws Exception {
        Path silence = ffmpeg("silence.wav", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "5",
                "-c:a", "pcm_s16le");

        Loudness loudness = meter.measure(silence, 5_000);

        assertThat(loudness.integratedLufs()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(loudness.truePeakDbtp()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(loudness.loudnessRangeLu()).isZero();
        assertThat(loudness.isSilent()).isTrue();
        assertThat(loudness.integratedLufsOrNull()).isNull();
        assertThat(loudness.truePeakDbtpOrNull()).isNull();
    }

    @Test
    void measuresCompressedAudioToo() throws Exception {
        Path mp3 = ffmpeg("a.mp3", "-f", "lavfi", "-i", "aevalsrc=0.1*sin(2*PI*1000*t):s=44100:d=5", "-ac", "1");
        Loudness loudness = meter.measure(mp3, 5_000);
        assertThat(loudness.integratedLufs()).isCloseTo(-23.0, within(1.0));
    }

    @Test
    void failuresSayWhatFfmpegSaid() throws Exception {
        Path notAudio = Files.writeString(dir.resolve("notes.wav"), "not audio at all");

        assertThatThrownBy(() -> meter.measure(notAudio, 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("notes.wav")
                .hasMessageContaining("Invalid data");
        assertThatThrownBy(() -> meter.measure(dir.resolve("missing.wav"), 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("No such file");
        assertThatThrownBy(() -> new LoudnessMeter(dir.resolve("no-ffmpeg").toString(), TIME_LIMIT).measure(notAudio, 0))
                .isInstanceOf(IOException.class);
    }

    @Test
    void parsesTheSummaryBlock() throws Exception {
        String printed = """
                [Parsed_ebur128_0 @ 0x55734bc1a480] Summary:

                  Integrated loudness:
                    I:         -16.4 LUFS
                    Threshold: -26.6 LUFS

                  Loudness range:
                    LRA:         7.3 LU
                    Threshold: -36.5 LUFS
                    LRA low:   -21.2 LUFS
                    LRA high:  -13.9 LUFS

                  True peak:
                    Peak:       -0.8 dBFS
                """;
        assertThat(LoudnessMeter.parseSummary("t: 9.9 M: -41.1 S: -41.1 I: -41.1 LUFS LRA: 0.0 LU\n" + printed))
                .isEqualTo(new Loudness(-16.4, 7.3, -0.8));
        assertThat(LoudnessMeter.parseSummary(printed.replace("-16.4", "-70.0").replace("-0.8 dBFS", "-inf dBFS")))
                .isEqualTo(new Loudness(Double.NEGATIVE_INFINITY, 7.3, Double.NEGATIVE_INFINITY));
        assertThat(LoudnessMeter.parseSummary(printed.replace("-0.8 dBFS", "+1.2 dBTP")).truePeakDbtp()).isEqualTo(1.2);
        assertThatThrownBy(() -> LoudnessMeter.parseSummary("no summary here")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> LoudnessMeter.parseSummary(printed.substring(0, printed.indexOf("True peak"))))
                .isInstanceOf(IOException.class).hasMessageContaining("true peak");
    }
}
