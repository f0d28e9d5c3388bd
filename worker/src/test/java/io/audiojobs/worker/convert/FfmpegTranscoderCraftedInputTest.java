package io.audiojobs.worker.convert;

import static io.audiojobs.worker.convert.AudioFixtures.FFMPEG;
import static io.audiojobs.worker.convert.AudioFixtures.FFPROBE;
import static io.audiojobs.worker.convert.AudioFixtures.tone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audiojobs.worker.convert.CraftedInputs.CountingHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads named talk.wav that are really playlists, concat lists or session descriptions: ffprobe
 * and ffmpeg must read each as itself and refuse it, never the file or URL it names.
 */
class FfmpegTranscoderCraftedInputTest {

    static final String HLS_REFUSED =
            "The file is not in an accepted audio format (it looks like an HLS playlist); accepted: ";

    @TempDir Path dir;

    private final FfmpegTranscoder transcoder =
            new FfmpegTranscoder(FFMPEG, FFPROBE, Duration.ofHours(4), AudioFixtures.TIME_LIMIT);
    /** What a leak would expose: a 3 s MP3 of someone else's, readable by the worker. */
    private Path othersMp3;
    /** Facts a crafted file might get through probe with, to run ffmpeg on it directly. */
    private final AudioFacts claimed = new AudioFacts(3_000, "wav", "pcm_s16le", 44_100, 1, 705_600);

    @BeforeEach
    void anotherUsersRendition() throws Exception {
        Files.createDirectories(dir.resolve("s3/records/7"));
        othersMp3 = tone(dir.resolve("s3/records/7/audio.mp3"), 3, 44_100, 1, "-c:a", "libmp3lame");
    }

    @Test
    void hls_playlist_naming_another_users_mp3_by_its_path_is_refused_as_a_playlist() throws Exception {
        Path upload = CraftedInputs.hlsPlaylist(dir.resolve("talk.wav"), othersMp3.toAbsolutePath().toString(), 3);

        assertThatThrownBy(() -> transcoder.probe(upload))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessage(HLS_REFUSED + "WAV, MP3, Ogg, Opus, WebM, Matroska, MP4, M4A, 3GP, FLAC, AAC, AIFF, AMR.");
    }

    @Test
    void the_same_playlist_given_straight_to_ffmpeg_is_refused_and_nothing_is_written() throws Exception {
        Path upload = CraftedInputs.hlsPlaylist(dir.resolve("talk.wav"), othersMp3.toAbsolutePath().toString(), 3);
        Path wav = dir.resolve("normalized.wav");

        assertThatThrownBy(() -> transcoder.toNormalizedWav(upload, claimed, wav))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessageStartingWith(HLS_REFUSED);
        assertThat(wav).doesNotExist();
    }

    @Test
    void hls_playlist_with_a_file_url_segment_is_refused() throws Exception {
        Path upload = CraftedInputs.hlsPlaylist(dir.resolve("talk.wav"), othersMp3.toUri().toString(), 3);

        assertThatThrownBy(() -> transcoder.probe(upload)).hasMessageStartingWith(HLS_REFUSED);
        assertThatThrownBy(() -> transcoder.toNormalizedWav(upload, claimed, dir.resolve("out.wav")))
                .hasMessageStartingWith(HLS_REFUSED);
        assertThat(dir.resolve("out.wav")).doesNotExist();
    }

    @Test
    void hls_playlist_with_an_http_segment_is_refused_without_a_single_request() throws Exception {
        try (CountingHttpServer server = new CountingHttpServer(Files.readAllBytes(othersMp3))) {
            Path upload = CraftedInputs.hlsPlaylist(dir.resolve("talk.wav"), server.uri("/x.mp3").toString(), 3);

            assertThatThrownBy(() -> transcoder.probe(upload)).hasMessageStartingWith(HLS_REFUSED);
            assertThatThrownBy(() -> transcoder.toNormalizedWav(upload, claimed, dir.resolve("out.wav")))
                    .hasMessageStartingWith(HLS_REFUSED);

            assertThat(server.requests()).isZero();
        }
        assertThat(dir.resolve("out.wav")).doesNotExist();
    }

    @Test
    void hls_playlist_carrying_audio_in_a_data_uri_is_refused() throws Exception {
        Path upload = CraftedInputs.hlsPlaylist(dir.resolve("talk.wav"), CraftedInputs.dataUri(othersMp3), 3);

        assertThatThrownBy(() -> transcoder.probe(upload)).hasMessageStartingWith(HLS_REFUSED);
    }

    @Test
    void ffconcat_list_reading_another_file_through_subfile_is_refused_as_a_concat_list() throws Exception {
        Path upload = CraftedInputs.ffconcatWithSubfile(dir.resolve("talk.wav"), othersMp3);

        assertThatThrownBy(() -> transcoder.probe(upload))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessageStartingWith(
                        "The file is not in an accepted audio format (it looks like an ffconcat list); accepted: ");
        assertThatThrownBy(() -> transcoder.toNormalizedWav(upload, claimed, dir.resolve("out.wav")))
                .hasMessageStartingWith("The file is not in an accepted audio format (it looks like an ffconcat list)");
        assertThat(dir.resolve("out.wav")).doesNotExist();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sdp_description_is_refused_instead_of_listening_for_rtp() throws Exception {
        Path upload = CraftedInputs.sdp(dir.resolve("talk.wav"), 40_000 + (int) (ProcessHandle.current().pid() % 20_000));

        assertThatThrownBy(() -> transcoder.probe(upload))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessageStartingWith(
                        "The file is not in an accepted audio format (it looks like an SDP session description)");
    }

    @Test
    void apple_caf_audio_is_refused_as_a_format_not_accepted() throws Exception {
        Path caf = tone(dir.resolve("memo.caf"), 1, 44_100, 1);

        assertThatThrownBy(() -> transcoder.probe(caf))
                .isInstanceOf(UnusableAudioException.class)
                .hasMessageStartingWith(
                        "The file is not in an accepted audio format (it looks like a caf file); accepted: WAV");
    }
}
