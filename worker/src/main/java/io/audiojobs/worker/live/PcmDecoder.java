package io.audiojobs.worker.live;

import io.audiojobs.shared.live.LiveContainer;
import io.audiojobs.worker.media.ToolTimeoutException;
import io.audiojobs.worker.media.UntrustedInput;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One ffmpeg process decoding a client's stream as it arrives: container bytes in on stdin, 16 kHz
 * mono PCM16 out on stdout. It opens its input with {@link UntrustedInput#pipeInputArgs}: the input
 * format is named from the session's container (one of the accepted ones), only the pipe protocol is
 * allowed, and the format allow-list applies, so ffmpeg never guesses a format from the bytes (a
 * playlist posing as audio opens nothing). Probing is cut to the minimum and packets are flushed one
 * by one, so the samples of a chunk come out about as soon as the chunk goes in.
 *
 * <p>A decode lasts as long as its session, so it has no fixed time limit; instead it may not outlive
 * the session: once its input is closed (the session ended and every chunk went in) it has
 * {@link Limits#drain()} to finish, and while it runs it is killed if it neither takes input nor
 * gives PCM for {@link Limits#stall()} (longer than a session may stay silent before the sweep stops
 * it). Either way {@link #throwIfStopped()} then throws {@link ToolTimeoutException}.
 */
final class PcmDecoder implements AutoCloseable {
    private static final int KEEP_ERROR_CHARS = 2_000;
    private static final long CHECK_EVERY_MILLIS = 500;
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("live-ffmpeg-time-limit").daemon().factory());

    /**
     * @param ffmpeg the program
     * @param drain  how long ffmpeg may run once its input is closed
     * @param stall  how long it may go without taking input or giving output before it is killed
     */
    record Limits(String ffmpeg, Duration drain, Duration stall) {
        Limits {
            Objects.requireNonNull(ffmpeg, "ffmpeg");
            if (drain.isNegative() || drain.isZero() || stall.isNegative() || stall.isZero()) {
                throw new IllegalArgumentException("drain and stall must be positive: " + drain + ", " + stall);
            }
        }
    }

    private final Limits limits;
    private final Process process;
    private final StringBuilder errors = new StringBuilder();
    private final Thread errorReader;
    private final ScheduledFuture<?> watch;
    private volatile long lastActivity = System.nanoTime();
    private volatile long inputClosedAt;
    private volatile boolean inputClosed;
    private volatile Duration overran;

    PcmDecoder(Limits limits, LiveContainer container) throws IOException {
        this.limits = limits;
        List<String> command = new ArrayList<>(List.of(limits.ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error"));
        command.addAll(UntrustedInput.pipeInputArgs(container.demuxer(),
                List.of("-probesize", "32", "-analyzeduration", "0", "-fflags", "+nobuffer")));
        command.addAll(List.of("-map", "0:a:0", "-vn", "-sn", "-dn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le",
                "-f", "s16le", "-flush_packets", "1", "pipe:1"));
        this.process = new ProcessBuilder(command).start();
        this.errorReader = Thread.ofVirtual().name("ffmpeg-stderr").start(this::readErrors);
        this.watch = WATCH.scheduleWithFixedDelay(this::check, CHECK_EVERY_MILLIS, CHECK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        process.onExit().thenRun(() -> watch.cancel(false));
    }

    /** ffmpeg's stdin; closing it ends the stream and starts the drain limit. */
    OutputStream input() {
        return new FilterOutputStream(process.getOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                lastActivity = System.nanoTime();
            }

            @Override
            public void close() throws IOException {
                if (!inputClosed) {
                    inputClosedAt = System.nanoTime();
                    inputClosed = true;
                }
                super.close();
            }
        };
    }

    InputStream pcm() {
        return new FilterInputStream(process.getInputStream()) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    lastActivity = System.nanoTime();
                }
                return n;
            }
        };
    }

    /** Waits for ffmpeg to end after its input was closed; its exit status. */
    int awaitExit() throws InterruptedException {
        int status = process.waitFor();
        errorReader.join(1_000);
        return status;
    }

    /** Throws if ffmpeg was killed for running past its drain or stall limit. */
    void throwIfStopped() throws ToolTimeoutException {
        Duration limit = overran;
        if (limit != null) {
            throw new ToolTimeoutException("ffmpeg (live decode)", limit);
        }
    }

    String errors() {
        synchronized (errors) {
            return errors.toString().strip();
        }
    }

    private void check() {
        long now = System.nanoTime();
        Duration late = null;
        if (inputClosed && now - inputClosedAt >= limits.drain().toNanos()) {
            late = limits.drain();
        } else if (now - lastActivity >= limits.stall().toNanos()) {
            late = limits.stall();
        }
        if (late != null && process.isAlive()) {
            overran = late;
            killTree();
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

    private void killTree() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        watch.cancel(false);
        killTree();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
