package io.audiojobs.worker.convert;

import static io.audiojobs.worker.convert.AudioFixtures.FFMPEG;
import static io.audiojobs.worker.convert.AudioFixtures.FFPROBE;
import static io.audiojobs.worker.convert.AudioFixtures.ffmpeg;
import static io.audiojobs.worker.convert.AudioFixtures.tone;
import static io.audiojobs.worker.convert.AudioFixtures.truncatedCopy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.audiojobs.worker.audio.WavHeader;
import io.audiojobs.worker.media.StandInTools;
import io.audiojobs.worker.media.ToolTimeLimit;
import io.audiojobs.worker.media.ToolTimeoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FfmpegTranscoderTest {

    @TempDir Path dir;

    private final FfmpegTranscoder transcoder =
            new FfmpegTranscoder(FFMPEG, FFPROBE, Duration.ofHours(4), AudioFixtures.TIME_LIMIT);

    @Test
    void probe_of_a_wav_reports_format_codec_rate_channels_and_duration() throws Exception {
        Path wav = tone(dir.resolve("tone.wav"), 5, 44_100, 2);

        AudioFacts facts = transcoder.probe(wav);

        assertThat(facts.formatName()).isEqualTo("wav");
        assertThat(facts.codec()).isEqualTo("pcm_s16le");
        assertThat(facts.sampleRate()).isEqualTo(44_100);
        assertThat(facts.channels()).isEqualTo(2);
        assertThat(facts.bitRate()).isEqualTo(44_100L * 2 * 16);
        assertThat(facts.durationMillis()).isEqualTo(5_000);
    }

    @Test
    void probe_of_an_mp3_reports_mp3() throws Exception {
        Path mp3 = tone(dir.resolve("tone.mp3"), 5, 44_100, 1, "-c:a", "libmp3lame", "-b:a", "64k");

        AudioFacts facts = transcoder.probe(mp3);

        assertThat(facts.formatName()).isEqualTo("mp3");
        assertThat(facts.codec()).isEqualTo("mp3");
        assertThat(facts.channels()).isEqualTo(1);
        assertThat(facts.bitRate()).isEqualTo(64_000);
        assertThat(facts.durationMillis()).isCloseTo(5_000, within(100L));
    }

    @Test
    void text_file_named_wav_is_rejected_as_not_audio() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.wav"), "Shopping list: milk, eggs\n");

        assertThatThrownBy(() -> transcoder.probe(text))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessage(
                        "The file is not audio: ffprobe could not read it"
                                + " (Invalid data found when processing input).");
    }

    @Test
    void empty_file_is_rejected_as_empty() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.mp3"));

        assertThatThrownBy(() -> transcoder.probe(empty))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessage("The file is empty.");
    }

    @Test
    void missing_file_is_a_transient_io_problem_not_an_unusable_input() {
        assertThatThrownBy(() -> transcoder.probe(dir.resolve("never-uploaded.wav")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void video_without_audio_is_rejected_as_having_no_audio_stream() throws Exception {
        Path video =
                ffmpeg(
                        dir.resolve("silent-film.mp4"),
                        "-f", "lavfi", "-i", "testsrc=duration=1:size=64x48:rate=5", "-pix_fmt", "yuv420p");

        assertThatThrownBy(() -> transcoder.probe(video))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessage("The file contains no audio stream (it only contains video).");
    }

    @Test
    void recording_longer_than_the_limit_is_rejected_with_both_durations() throws Exception {
        Path wav = tone(dir.resolve("long.wav"), 5, 16_000, 1);
        FfmpegTranscoder strict =
                new FfmpegTranscoder(FFMPEG, FFPROBE, Duration.ofSeconds(2), AudioFixtures.TIME_LIMIT);

        assertThatThrownBy(() -> strict.probe(wav))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessage("The recording is 5.0 s long; the limit is 2.0 s.");
    }

    @Test
    void recording_of_unknown_duration_is_cut_off_and_rejected_when_decoding_exceeds_the_limit()
            throws Exception {
        Path wav = tone(dir.resolve("long.wav"), 5, 16_000, 1);
        FfmpegTranscoder strict =
                new FfmpegTranscoder(FFMPEG, FFPROBE, Duration.ofSeconds(2), AudioFixtures.TIME_LIMIT);
        AudioFacts unknownLength =
                new AudioFacts(AudioFacts.UNKNOWN_DURATION, "wav", "pcm_s16le", 16_000, 1, 0);
        Path output = dir.resolve("out.wav");

        assertThatThrownBy(() -> strict.toNormalizedWav(wav, unknownLength, output))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessage("The recording is longer than the limit of 2.0 s.");
        assertThat(output).doesNotExist();
    }

    @Test
    void wav_cut_to_thirty_percent_is_rejected_as_truncated() throws Exception {
        Path full = tone(dir.resolve("full.wav"), 10, 44_100, 2);
        Path cut = truncatedCopy(full, 0.3, dir.resolve("cut.wav"));

        assertThatThrownBy(() -> probeAndNormalize(cut))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessage(
                        "The file is truncated: its header announces 10.0 s of audio"
                                + " but only 3.0 s is present.");
    }

    @Test
    void m4a_cut_in_half_is_rejected_as_incomplete() throws Exception {
        // ffmpeg writes the MP4 index (moov atom) at the end, so the first half has none
        Path full = tone(dir.resolve("full.m4a"), 10, 44_100, 1, "-c:a", "aac");
        Path cut = truncatedCopy(full, 0.5, dir.resolve("cut.m4a"));

        assertThatThrownBy(() -> probeAndNormalize(cut))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessageStartingWith("The file is incomplete or truncated")
                .hasMessageContaining("moov atom not found");
    }

    @Test
    void m4a_with_index_in_front_cut_short_is_rejected_as_truncated_when_decoding() throws Exception {
        Path full =
                tone(dir.resolve("full.m4a"), 10, 44_100, 1, "-c:a", "aac", "-movflags", "+faststart");
        Path cut = truncatedCopy(full, 0.3, dir.resolve("cut.m4a"));
        AudioFacts facts = transcoder.probe(cut);
        Path output = dir.resolve("out.wav");

        assertThat(facts.durationMillis()).isEqualTo(10_000);
        assertThatThrownBy(() -> transcoder.toNormalizedWav(cut, facts, output))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessageStartingWith("The file is truncated: its header announces 10.0 s of audio")
                .hasMessageContaining("could be decoded");
        assertThat(output).doesNotExist();
    }

    @Test
    void mp3_cut_short_is_rejected_as_truncated_when_decoding() throws Exception {
        // libmp3lame writes a Xing header with the frame count, so ffprobe announces the full length
        Path full = tone(dir.resolve("full.mp3"), 10, 44_100, 1, "-c:a", "libmp3lame");
        Path cut = truncatedCopy(full, 0.3, dir.resolve("cut.mp3"));

        assertThatThrownBy(() -> probeAndNormalize(cut))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessageStartingWith("The file is truncated: its header announces 10.0 s of audio");
    }

    @Test
    void normalized_wav_is_16khz_mono_16bit_with_the_input_duration() throws Exception {
        Path input = tone(dir.resolve("stereo.m4a"), 5, 44_100, 2, "-c:a", "aac");
        Path output = dir.resolve("normalized.wav");

        long decodedMillis = transcoder.toNormalizedWav(input, transcoder.probe(input), output);

        assertThat(decodedMillis).isCloseTo(5_000, within(100L));
        WavHeader header = WavHeader.read(output);
        assertThat(header.formatTag()).isEqualTo(WavHeader.FORMAT_PCM);
        assertThat(header.sampleRate()).isEqualTo(16_000);
        assertThat(header.channels()).isEqualTo(1);
        assertThat(header.bitsPerSample()).isEqualTo(16);
        AudioFacts facts = transcoder.probe(output);
        assertThat(facts.codec()).isEqualTo("pcm_s16le");
        assertThat(facts.durationMillis()).isCloseTo(decodedMillis, within(1L));
    }

    @Test
    void mp3_rendition_is_probed_as_mp3_at_128_kbits() throws Exception {
        Path input = tone(dir.resolve("stereo.wav"), 3, 44_100, 2);
        Path mp3 = dir.resolve("rendition.mp3");

        transcoder.toMp3(input, 3_000, mp3);

        AudioFacts facts = transcoder.probe(mp3);
        assertThat(facts.formatName()).isEqualTo("mp3");
        assertThat(facts.codec()).isEqualTo("mp3");
        assertThat(facts.channels()).isEqualTo(2);
        assertThat(facts.sampleRate()).isEqualTo(44_100);
        assertThat(facts.bitRate()).isEqualTo(128_000);
        assertThat(facts.durationMillis()).isCloseTo(3_000, within(100L));
    }

    @Test
    void mp3_rendition_keeps_mono_and_mixes_surround_down_to_stereo() throws Exception {
        Path mono = tone(dir.resolve("mono.wav"), 1, 16_000, 1);
        Path surround = tone(dir.resolve("surround.wav"), 1, 48_000, 6);

        transcoder.toMp3(mono, 1_000, dir.resolve("mono.mp3"));
        transcoder.toMp3(surround, 1_000, dir.resolve("surround.mp3"));

        AudioFacts monoFacts = transcoder.probe(dir.resolve("mono.mp3"));
        assertThat(monoFacts.channels()).isEqualTo(1);
        assertThat(monoFacts.sampleRate()).isEqualTo(44_100);
        AudioFacts surroundFacts = transcoder.probe(dir.resolve("surround.mp3"));
        assertThat(surroundFacts.channels()).isEqualTo(2);
        assertThat(surroundFacts.sampleRate()).isEqualTo(48_000);
    }

    @Test
    void four_threads_transcoding_at_once_on_one_transcoder_all_succeed() throws Exception {
        int jobs = 4;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            inputs.add(tone(dir.resolve("input-" + i + ".wav"), 2 + i, 44_100, 2));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                Path input = inputs.get(i);
                Path wav = dir.resolve("output-" + i + ".wav");
                Path mp3 = dir.resolve("output-" + i + ".mp3");
                Callable<Long> job =
                        () -> {
                            start.await();
                            long millis = transcoder.toNormalizedWav(input, transcoder.probe(input), wav);
                            transcoder.toMp3(input, millis, mp3);
                            return millis;
                        };
                results.add(pool.submit(job));
            }
            start.countDown();
            for (int i = 0; i < jobs; i++) {
                long decodedMillis = results.get(i).get(60, TimeUnit.SECONDS);
                assertThat(decodedMillis).isCloseTo((2 + i) * 1_000L, within(100L));
                assertThat(transcoder.probe(dir.resolve("output-" + i + ".mp3")).codec()).isEqualTo("mp3");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void input_ffmpeg_cannot_decode_is_rejected_with_ffmpegs_reason() throws Exception {
        // skips probe(), which would have caught this earlier
        Path text = Files.writeString(dir.resolve("notes.mp3"), "Shopping list: milk, eggs\n");
        AudioFacts claimed = new AudioFacts(5_000, "mp3", "mp3", 44_100, 1, 128_000);
        Path output = dir.resolve("out.wav");

        assertThatThrownBy(() -> transcoder.toNormalizedWav(text, claimed, output))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessageStartingWith("The audio could not be decoded (")
                // ffmpeg 5.1: "(Failed to read frame size: Could not seek to 1049.; Invalid argument)"
                .hasMessageContaining("Failed to read frame size");
        assertThat(output).doesNotExist();
    }

    @Test
    void missing_ffmpeg_binary_is_a_transient_io_problem() throws Exception {
        Path input = tone(dir.resolve("tone.wav"), 1, 16_000, 1);
        FfmpegTranscoder broken =
                new FfmpegTranscoder("/nonexistent/ffmpeg", FFPROBE, Duration.ofHours(4), AudioFixtures.TIME_LIMIT);
        AudioFacts facts = transcoder.probe(input);

        assertThatThrownBy(() -> broken.toNormalizedWav(input, facts, dir.resolve("out.wav")))
                .isInstanceOf(IOException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "speech.wav   |",
        "speech.mp3   | -c:a libmp3lame",
        "speech.ogg   | -c:a libopus",
        "speech.oga   | -c:a libvorbis -f ogg",
        "speech.opus  | -c:a libopus",
        "speech.webm  | -c:a libopus",
        "speech.m4a   | -c:a aac",
        "speech.mp4   | -c:a aac",
        "speech.3gp   | -c:a aac",
        "speech.flac  |",
        "speech.aac   | -c:a aac -f adts",
        "speech.aiff  |"
    })
    void every_accepted_format_still_probes_converts_and_encodes(String name, String codecArgs) throws Exception {
        String[] args = codecArgs == null ? new String[0] : codecArgs.strip().split(" ");
        Path input = tone(dir.resolve(name), 2, 48_000, 1, args);
        Path wav = dir.resolve(name + ".wav");
        Path mp3 = dir.resolve(name + ".mp3");

        AudioFacts facts = transcoder.probe(input);
        long decodedMillis = transcoder.toNormalizedWav(input, facts, wav);
        transcoder.toMp3(input, decodedMillis, mp3);

        assertThat(decodedMillis).isCloseTo(2_000, within(100L));
        assertThat(transcoder.probe(mp3).durationMillis()).isCloseTo(2_000, within(150L));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void ffmpeg_that_never_finishes_is_stopped_at_its_time_limit_as_a_transient_failure() throws Exception {
        Path input = tone(dir.resolve("tone.wav"), 1, 16_000, 1);
        AudioFacts facts = transcoder.probe(input);
        Path ffmpeg = StandInTools.hanging(dir, "ffmpeg", dir.resolve("child.pid"));
        ToolTimeLimit oneSecondPlusHalf = new ToolTimeLimit(Duration.ofSeconds(1), 0.5);
        FfmpegTranscoder stuck =
                new FfmpegTranscoder(ffmpeg.toString(), FFPROBE, Duration.ofHours(4), oneSecondPlusHalf);

        // 1 s plus half the length of the recording
        assertThatThrownBy(() -> stuck.toNormalizedWav(input, facts, dir.resolve("out.wav")))
                .isInstanceOf(ToolTimeoutException.class)
                .hasMessage("ffmpeg took longer than its limit of 1.5 s and was stopped.");
        assertThatThrownBy(() -> stuck.toMp3(input, 1_000, dir.resolve("out.mp3")))
                .isInstanceOf(ToolTimeoutException.class);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void ffprobe_that_never_finishes_is_stopped_at_its_time_limit_as_a_transient_failure() throws Exception {
        Path input = tone(dir.resolve("tone.wav"), 1, 16_000, 1);
        Path ffprobe = StandInTools.hanging(dir, "ffprobe", dir.resolve("child.pid"));
        ToolTimeLimit oneSecondPlusHalf = new ToolTimeLimit(Duration.ofSeconds(1), 0.5);
        FfmpegTranscoder stuck =
                new FfmpegTranscoder(FFMPEG, ffprobe.toString(), Duration.ofHours(4), oneSecondPlusHalf);

        // the length is not known before probing: the minimum alone
        assertThatThrownBy(() -> stuck.probe(input))
                .isInstanceOf(ToolTimeoutException.class)
                .hasMessage("ffprobe took longer than its limit of 1.0 s and was stopped.");
    }

    private long probeAndNormalize(Path input) throws UnusableAudioException, IOException {
        AudioFacts facts = transcoder.probe(input);
        return transcoder.toNormalizedWav(input, facts, dir.resolve("normalized.wav"));
    }
}
