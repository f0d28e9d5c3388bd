package io.audiojobs.worker.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options themselves, on the real ffprobe: whatever name an input is opened by, no protocol
 * but plain files and no demuxer that reads further inputs gets through.
 */
class UntrustedInputTest {

    static final String FFPROBE = System.getenv().getOrDefault("FFPROBE", "ffprobe");
    static final String FFMPEG = System.getenv().getOrDefault("FFMPEG", "ffmpeg");

    @TempDir Path dir;

    private Path mp3;

    @BeforeEach
    void anMp3() throws Exception {
        mp3 = dir.resolve("audio.mp3");
        Process make = new ProcessBuilder(FFMPEG, "-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=duration=1",
                mp3.toString()).redirectErrorStream(true).start();
        assertThat(make.waitFor()).isZero();
    }

    @Test
    void a_plain_audio_file_opens() throws Exception {
        assertThat(probe(mp3.toString()).status()).isZero();
    }

    @Test
    void protocols_that_read_other_files_or_carry_their_own_bytes_are_refused() throws Exception {
        String data = "data:audio/mpeg;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(mp3));
        for (String url : List.of(
                data,
                "subfile,,start,0,end,0,,:" + mp3,
                "concat:" + mp3 + "|" + mp3,
                "hls+file:" + mp3,
                "rtp://127.0.0.1:45999",
                "udp://127.0.0.1:45999",
                "pipe:0")) {
            Probe probe = probe(url);

            assertThat(probe.status()).as(url).isNotZero();
            assertThat(probe.printed()).as(url).contains("not on whitelist");
        }
    }

    @Test
    void http_is_refused_before_any_request() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
        });
        server.start();
        try {
            Probe probe = probe("http://127.0.0.1:" + server.getAddress().getPort() + "/x.mp3");

            assertThat(probe.status()).isNotZero();
            assertThat(UntrustedInput.refusal(probe.printed())).hasValue("The file refers to another file or"
                    + " address (http), which is not allowed: upload the audio itself.");
        } finally {
            server.stop(0);
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void aPipedStreamIsReadOnlyAsTheFormatNamedForIt() throws Exception {
        assertThat(UntrustedInput.pipeInputArgs("matroska", List.of("-probesize", "32")))
                .containsSubsequence("-protocol_whitelist", "pipe")
                .containsSubsequence("-format_whitelist", String.join(",", UntrustedInput.ACCEPTED_FORMATS))
                .endsWith("-probesize", "32", "-f", "matroska", "-i", "pipe:0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UntrustedInput.pipeInputArgs("hls", List.of()))
                .isInstanceOf(IllegalArgumentException.class);

        // an ffconcat list naming a file, piped where a live client's stream goes: never opened as a list
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "ffconcat version 1.0\nfile '" + mp3.toAbsolutePath() + "'\n");
        List<String> command = new ArrayList<>(List.of(FFMPEG, "-nostdin", "-v", "error"));
        command.addAll(UntrustedInput.pipeInputArgs("ogg", List.of()));
        command.addAll(List.of("-f", "null", "-"));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(list.toFile()).start();
        String printed = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor()).as(printed).isNotZero();

        command = new ArrayList<>(List.of(FFMPEG, "-nostdin", "-v", "error"));
        command.addAll(UntrustedInput.pipeInputArgs("mp3", List.of()));
        command.addAll(List.of("-f", "null", "-"));
        run = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(mp3.toFile()).start();
        printed = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor()).as("an mp3 piped as mp3 decodes: " + printed).isZero();
    }

    @Test
    void demuxers_that_open_further_inputs_are_refused_by_name() throws Exception {
        Path playlist = Files.writeString(dir.resolve("a.wav"),
                "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n" + mp3 + "\n#EXT-X-ENDLIST\n");
        Path concat = Files.writeString(dir.resolve("b.wav"), "ffconcat version 1.0\nfile audio.mp3\n");
        Path sdp = Files.writeString(dir.resolve("c.wav"),
                "v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio 45998 RTP/AVP 0\n");
        Path png = dir.resolve("frame001.png");
        Process make = new ProcessBuilder(FFMPEG, "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "color=size=8x8:duration=0.1", "-frames:v", "1", png.toString()).start();
        assertThat(make.waitFor()).isZero();

        assertThat(refusal(playlist.toString())).contains("(it looks like an HLS playlist)");
        assertThat(refusal(concat.toString())).contains("(it looks like an ffconcat list)");
        assertThat(refusal(sdp.toString())).contains("(it looks like an SDP session description)");
        assertThat(refusal(dir.resolve("frame%03d.png").toString())).contains("(it looks like an image)");
        assertThat(refusal(png.toString())).contains("(it looks like an image)");
    }

    private String refusal(String input) throws Exception {
        Probe probe = probe(input);
        assertThat(probe.status()).as(input).isNotZero();
        return UntrustedInput.refusal(probe.printed()).orElseThrow(() -> new AssertionError(probe.printed()));
    }

    private record Probe(int status, String printed) {}

    private Probe probe(String input) throws Exception {
        List<String> command = new ArrayList<>(List.of(FFPROBE, "-v", "error"));
        command.addAll(UntrustedInput.options());
        command.addAll(List.of("-i", input));
        StringBuilder printed = new StringBuilder();
        int status = new TimeLimitedRun("ffprobe", Duration.ofSeconds(30)).runToEnd(command, printed);
        return new Probe(status, printed.toString());
    }
}
