package io.audiojobs.worker.convert;

import io.audiojobs.shared.playback.HlsLayout;
import io.audiojobs.shared.playback.HlsLayout.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.audiojobs.worker.convert.AudioFixtures.FFMPEG;
import static io.audiojobs.worker.convert.AudioFixtures.FFPROBE;
import static io.audiojobs.worker.convert.AudioFixtures.tone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The HLS rendition as ffmpeg writes it: the layout the API serves, the bit-rate ladder, the segment length. */
class HlsEncodingTest {
    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),");
    private static final Pattern BANDWIDTH = Pattern.compile("BANDWIDTH=(\\d+)");

    @TempDir
    Path dir;

    private final FfmpegTranscoder transcoder = new FfmpegTranscoder(FFMPEG, FFPROBE, Duration.ofHours(4), AudioFixtures.TIME_LIMIT);

    @Test
    void a_stereo_recording_becomes_a_vod_master_with_64_and_128_kbit_variants_of_six_second_aac_segments() throws Exception {
        Path wav = tone(dir.resolve("talk.wav"), 30, 48_000, 2);
        Path out = Files.createDirectory(dir.resolve("hls"));

        transcoder.toHls(wav, 30_000, out);

        String master = Files.readString(out.resolve(HlsLayout.MASTER));
        assertThat(master).contains("low/index.m3u8", "high/index.m3u8", "mp4a.40.2");
        List<Long> bandwidths = BANDWIDTH.matcher(master).results().map(m -> Long.parseLong(m.group(1))).toList();
        assertThat(bandwidths).hasSize(2);
        assertThat(bandwidths.get(0)).isBetween(64_000L, 64_000L * 13 / 10);
        assertThat(bandwidths.get(1)).isBetween(128_000L, 128_000L * 13 / 10);

        for (Variant variant : Variant.values()) {
            Path folder = out.resolve(variant.folder());
            String playlist = Files.readString(folder.resolve(HlsLayout.VARIANT_PLAYLIST));
            assertThat(playlist).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST", "#EXT-X-TARGETDURATION:6");
            List<Double> durations = EXTINF.matcher(playlist).results().map(m -> Double.parseDouble(m.group(1))).toList();
            assertThat(durations.stream().mapToDouble(Double::doubleValue).sum()).as(variant + " total").isCloseTo(30.0, within(0.2));
            assertThat(durations.subList(0, durations.size() - 1)).as(variant + " segments")
                    .allSatisfy(d -> assertThat(d).isCloseTo(6.0, within(0.2)));

            List<Path> segments;
            try (Stream<Path> files = Files.list(folder)) {
                segments = files.filter(p -> HlsLayout.SEGMENT.matcher(p.getFileName().toString()).matches()).sorted().toList();
            }
            assertThat(segments).hasSize(durations.size());
            long bytes = 0;
            for (Path segment : segments) {
                bytes += Files.size(segment);
            }
            double kbits = bytes * 8 / 30.0 / 1000;
            // the AAC bit rate plus what MPEG-TS packets add (about 10 % at these rates)
            assertThat(kbits).as(variant + " kbit/s").isBetween(variant.bitRate() / 1000.0 * 0.9, variant.bitRate() / 1000.0 * 1.25);
            assertThat(probe(segments.getFirst())).startsWith("aac,");
        }
    }

    @Test
    void a_mono_recording_stays_mono_in_both_variants() throws Exception {
        Path wav = tone(dir.resolve("mono.wav"), 7, 16_000, 1);
        Path out = Files.createDirectory(dir.resolve("hls"));

        transcoder.toHls(wav, 7_000, out);

        assertThat(probe(out.resolve("low/seg00000.ts"))).isEqualTo("aac,1,44100");
        assertThat(probe(out.resolve("high/seg00001.ts"))).isEqualTo("aac,1,44100");
    }

    @Test
    void a_failed_encoding_says_so_with_what_ffmpeg_printed() throws Exception {
        Path notAudio = Files.writeString(dir.resolve("text.wav"), "not audio at all");
        Path out = Files.createDirectory(dir.resolve("hls"));

        assertThatThrownBy(() -> transcoder.toHls(notAudio, 0, out))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("to HLS");
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS,
            threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void an_encoding_that_never_finishes_is_stopped_at_a_limit_grown_from_the_audio_length() throws Exception {
        Path wav = tone(dir.resolve("tone.wav"), 1, 16_000, 1);
        Path ffmpeg = io.audiojobs.worker.media.StandInTools.hanging(dir, "ffmpeg", dir.resolve("child.pid"));
        FfmpegTranscoder stuck = new FfmpegTranscoder(ffmpeg.toString(), FFPROBE, Duration.ofHours(4),
                new io.audiojobs.worker.media.ToolTimeLimit(Duration.ofSeconds(1), 0.5));

        // 1 s plus half of the 1 s recording
        assertThatThrownBy(() -> stuck.toHls(wav, 1_000, Files.createDirectory(dir.resolve("hls"))))
                .isInstanceOf(io.audiojobs.worker.media.ToolTimeoutException.class)
                .hasMessage("ffmpeg took longer than its limit of 1.5 s and was stopped.");
    }

    @Test
    void a_playlist_given_as_the_source_is_not_followed() throws Exception {
        Path segment = tone(dir.resolve("other.wav"), 1, 16_000, 1);
        Path playlist = Files.writeString(dir.resolve("source"),
                "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n" + segment + "\n#EXT-X-ENDLIST\n");
        Path out = Files.createDirectory(dir.resolve("hls"));

        assertThatThrownBy(() -> transcoder.toHls(playlist, 1_000, out))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("not on whitelist");
    }

    private static String probe(Path file) throws Exception {
        Process process = new ProcessBuilder(FFPROBE, "-v", "error", "-select_streams", "a:0",
                "-show_entries", "stream=codec_name,channels,sample_rate", "-of", "csv=p=0", file.toString())
                .redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(printed).isZero();
        String out = printed.strip().lines().findFirst().orElse(""); // MPEG-TS lists the stream under its program too
        // csv order is the stream's field order: codec_name, sample_rate, channels
        Matcher m = Pattern.compile("(\\w+),(\\d+),(\\d+)").matcher(out);
        assertThat(m.matches()).as(out).isTrue();
        return m.group(1) + "," + m.group(3) + "," + m.group(2);
    }
}
