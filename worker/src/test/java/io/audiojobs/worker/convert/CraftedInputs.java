package io.audiojobs.worker.convert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Uploads that pose as audio but are lists or descriptions pointing ffmpeg at something else:
 * another user's file, a URL, bytes of their own. Each is the text a user could upload as talk.wav.
 */
final class CraftedInputs {

    private CraftedInputs() {}

    /**
     * An HLS playlist whose one segment is {@code segment} (a bare path, a file: or http: URL, a
     * data: URI), announced as {@code seconds} long: the true length passes every duration check.
     */
    static Path hlsPlaylist(Path file, String segment, int seconds) throws IOException {
        return Files.writeString(file, """
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:%d
                #EXTINF:%d.0,
                %s
                #EXT-X-ENDLIST
                """.formatted(seconds, seconds, segment));
    }

    /** An ffconcat list reading {@code target} through the subfile protocol. */
    static Path ffconcatWithSubfile(Path file, Path target) throws IOException {
        return Files.writeString(file, """
                ffconcat version 1.0
                file 'subfile,,start,0,end,0,,:%s'
                """.formatted(target.toAbsolutePath()));
    }

    /** An SDP description that would have ffmpeg listen for RTP audio on {@code port}. */
    static Path sdp(Path file, int port) throws IOException {
        return Files.writeString(file, """
                v=0
                o=- 0 0 IN IP4 127.0.0.1
                s=talk
                c=IN IP4 127.0.0.1
                t=0 0
                m=audio %d RTP/AVP 0
                a=rtpmap:0 PCMU/8000
                """.formatted(port));
    }

    static String dataUri(Path target) throws IOException {
        return "data:audio/mpeg;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(target));
    }

    /** A local HTTP server that serves {@code body} at every path and counts the requests it gets. */
    static final class CountingHttpServer implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger requests = new AtomicInteger();

        CountingHttpServer(byte[] body) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
