package io.audiojobs.worker.live;

import io.audiojobs.shared.live.LiveContainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One ffmpeg process decoding a client's stream as it arrives: container bytes in on stdin, 16 kHz
 * mono PCM16 out on stdout. The input format is named from the session's container and only the pipe
 * protocol is allowed, so ffmpeg never guesses a format from the bytes (a playlist posing as audio
 * opens nothing). Probing is cut to the minimum and packets are flushed one by one, so the samples
 * of a chunk come out about as soon as the chunk goes in.
 */
final class PcmDecoder implements AutoCloseable {
    private static final int KEEP_ERROR_CHARS = 2_000;

    private final Process process;
    private final StringBuilder errors = new StringBuilder();
    private final Thread errorReader;

    PcmDecoder(String ffmpeg, LiveContainer container) throws IOException {
        this.process = new ProcessBuilder(List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error",
                "-protocol_whitelist", "pipe", "-f", container.demuxer(), "-probesize", "32", "-analyzeduration", "0",
                "-fflags", "+nobuffer", "-i", "pipe:0",
                "-map", "0:a:0", "-vn", "-sn", "-dn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le",
                "-f", "s16le", "-flush_packets", "1", "pipe:1")).start();
        this.errorReader = Thread.ofVirtual().name("ffmpeg-stderr").start(this::readErrors);
    }

    OutputStream input() {
        return process.getOutputStream();
    }

    InputStream pcm() {
        return process.getInputStream();
    }

    /** Waits for ffmpeg to end after its input was closed; its exit status. */
    int awaitExit() throws InterruptedException {
        int status = process.waitFor();
        errorReader.join(1_000);
        return status;
    }

    String errors() {
        synchronized (errors) {
            return errors.toString().strip();
        }
    }

    private void readErrors() {
        try (InputStream in = process.getErrorStream()) {
            byte[] buffer = new byte[1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (errors) {
                    errors.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (errors.length() > 2 * KEEP_ERROR_CHARS) {
                        errors.delete(0, errors.length() - KEEP_ERROR_CHARS);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
