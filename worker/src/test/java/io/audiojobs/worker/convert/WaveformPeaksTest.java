package io.audiojobs.worker.convert;

import static io.audiojobs.worker.convert.AudioFixtures.FFMPEG;
import static io.audiojobs.worker.convert.AudioFixtures.FFPROBE;
import static io.audiojobs.worker.convert.AudioFixtures.ffmpeg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaveformPeaksTest {

    @TempDir Path dir;

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void samples_per_pixel_is_at_least_256_and_grows_to_keep_at_most_10000_pixels() {
        assertThat(WaveformPeaks.samplesPerPixel(0)).isEqualTo(256);
        assertThat(WaveformPeaks.samplesPerPixel(16_000 * 60)).isEqualTo(256);
        assertThat(WaveformPeaks.samplesPerPixel(2_560_001)).isEqualTo(257);
        long fourHours = 16_000L * 3600 * 4;
        assertThat(WaveformPeaks.samplesPerPixel(fourHours)).isEqualTo(23_040);
    }

    @Test
    void json_has_the_audiowaveform_v2_keys_and_one_min_max_pair_per_pixel() throws Exception {
        int samples = 16_000 * 3 + 100; // a partial last pixel
        Path wav = normalizedTone(dir.resolve("tone.wav"), "0.5*sin(440*2*PI*t)", samples);
        Path json = dir.resolve("peaks.json");

        WaveformPeaks.write(wav, json);

        JsonNode peaks = mapper.readTree(json.toFile());
        assertThat(fieldNames(peaks))
                .containsExactly(
                        "version", "channels", "sample_rate", "samples_per_pixel", "bits", "length", "data");
        assertThat(peaks.get("version").asInt()).isEqualTo(2);
        assertThat(peaks.get("channels").asInt()).isEqualTo(1);
        assertThat(peaks.get("sample_rate").asInt()).isEqualTo(16_000);
        assertThat(peaks.get("bits").asInt()).isEqualTo(8);
        int samplesPerPixel = peaks.get("samples_per_pixel").asInt();
        assertThat(samplesPerPixel).isEqualTo(WaveformPeaks.samplesPerPixel(samples)).isEqualTo(256);
        int length = peaks.get("length").asInt();
        assertThat(length).isEqualTo((samples + samplesPerPixel - 1) / samplesPerPixel);
        assertThat(peaks.get("data").size()).isEqualTo(2 * length);
        for (JsonNode value : peaks.get("data")) {
            assertThat(value.asInt()).isBetween(-128, 127);
        }
        // half-scale tone: roughly ±64 everywhere, min never above max
        for (int pixel = 0; pixel < length - 1; pixel++) {
            int min = peaks.get("data").get(2 * pixel).asInt();
            int max = peaks.get("data").get(2 * pixel + 1).asInt();
            assertThat(min).isBetween(-66, -60);
            assertThat(max).isBetween(60, 64);
        }
    }

    @Test
    void loud_tone_peaks_near_full_scale_and_silence_stays_near_zero() throws Exception {
        // through the real normalization, from a 44.1 kHz stereo file
        Path loudInput =
                ffmpeg(
                        dir.resolve("loud.wav"),
                        "-f", "lavfi", "-i", "aevalsrc=0.99*sin(440*2*PI*t)|0.99*sin(440*2*PI*t):s=44100:d=2");
        Path silentInput =
                ffmpeg(
                        dir.resolve("silent.wav"),
                        "-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "2");
        FfmpegTranscoder transcoder = new FfmpegTranscoder(FFMPEG, FFPROBE, Duration.ofHours(4), AudioFixtures.TIME_LIMIT);
        Path loudWav = dir.resolve("loud-16k.wav");
        Path silentWav = dir.resolve("silent-16k.wav");
        transcoder.toNormalizedWav(loudInput, transcoder.probe(loudInput), loudWav);
        transcoder.toNormalizedWav(silentInput, transcoder.probe(silentInput), silentWav);

        WaveformPeaks.write(loudWav, dir.resolve("loud.json"));
        WaveformPeaks.write(silentWav, dir.resolve("silent.json"));

        List<Integer> loud = data(dir.resolve("loud.json"));
        List<Integer> silent = data(dir.resolve("silent.json"));
        assertThat(loud).hasSize(2 * 125);
        for (int i = 0; i < loud.size(); i += 2) {
            assertThat(loud.get(i)).as("min of pixel %d", i / 2).isLessThanOrEqualTo(-120);
            assertThat(loud.get(i + 1)).as("max of pixel %d", i / 2).isGreaterThanOrEqualTo(120);
        }
        assertThat(silent).hasSize(2 * 125).allSatisfy(value -> assertThat(value).isBetween(-1, 1));
    }

    @Test
    void chunks_before_the_data_chunk_are_skipped() throws Exception {
        short[] samples = {0, 32_767, -32_768, 256, -256, 100};
        Path wav = handWrittenWav(dir.resolve("odd.wav"), samples);
        Path json = dir.resolve("odd.json");

        WaveformPeaks.write(wav, json);

        assertThat(data(json)).containsExactly(-128, 127);
        assertThat(mapper.readTree(json.toFile()).get("length").asInt()).isEqualTo(1);
    }

    @Test
    void stereo_wav_is_refused_because_only_normalized_mono_is_supported() throws Exception {
        Path stereo =
                ffmpeg(dir.resolve("stereo.wav"), "-f", "lavfi", "-i", "sine=d=1", "-ac", "2");

        assertThatThrownBy(() -> WaveformPeaks.write(stereo, dir.resolve("x.json")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("2 channels");
    }

    private static Path normalizedTone(Path output, String expression, int samples)
            throws Exception {
        return ffmpeg(
                output,
                "-f", "lavfi", "-i", "aevalsrc=" + expression + ":s=16000",
                "-af", "atrim=end_sample=" + samples,
                "-c:a", "pcm_s16le");
    }

    /** RIFF with an odd-sized chunk (padded) and a LIST chunk between fmt and data. */
    private static Path handWrittenWav(Path output, short[] samples) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short sample : samples) {
            data.putShort(sample);
        }
        ByteBuffer wav = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        wav.put(ascii("RIFF")).putInt(0).put(ascii("WAVE"));
        wav.put(ascii("junk")).putInt(3).put(new byte[] {1, 2, 3, 0});
        wav.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16_000)
                .putInt(32_000).putShort((short) 2).putShort((short) 16);
        wav.put(ascii("LIST")).putInt(4).put(ascii("INFO"));
        wav.put(ascii("data")).putInt(samples.length * 2).put(data.array());
        wav.putInt(4, wav.position() - 8);
        byte[] bytes = new byte[wav.position()];
        wav.flip().get(bytes);
        return Files.write(output, bytes);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private List<Integer> data(Path json) throws IOException {
        List<Integer> values = new ArrayList<>();
        mapper.readTree(json.toFile()).get("data").forEach(value -> values.add(value.asInt()));
        return values;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
