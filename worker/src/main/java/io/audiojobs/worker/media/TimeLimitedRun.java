package io.audiojobs.worker.media;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import net.bramp.ffmpeg.ProcessFunction;

/**
 * One run of ffmpeg or ffprobe that may not outlive its time limit. Past the limit, or once the
 * thread that started it is interrupted (a worker shutting down), the process and every process it
 * started are killed: a child left holding the output pipe would keep the reader waiting.
 *
 * <p>Also a {@link ProcessFunction}, so runs through ffmpeg-cli-wrapper (FFprobe) are watched
 * alike. One instance per run: it remembers whether it had to stop the tool.
 */
public final class TimeLimitedRun implements ProcessFunction {

    private static final long CHECK_EVERY_MILLIS = 100;
    /**
     * One platform thread watches every run. Not a virtual thread per run: on JDK 21 one blocked in
     * Process.waitFor pins its carrier, and a few long ffmpeg runs would starve the others.
     */
    private static final ScheduledExecutorService WATCH =
            Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "media-tool-time-limit");
                thread.setDaemon(true);
                return thread;
            });

    private final String tool;
    private final Duration limit;
    private volatile boolean overran;

    /** @param tool what to call the program in messages ("ffmpeg") */
    public TimeLimitedRun(String tool, Duration limit) {
        this.tool = Objects.requireNonNull(tool, "tool");
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /** Starts {@code command} (program first) with stderr merged into stdout, under the watch. */
    @Override
    public Process run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread starter = Thread.currentThread();
        long deadline = System.nanoTime() + limit.toNanos();
        ScheduledFuture<?> watch = WATCH.scheduleWithFixedDelay(() -> {
            boolean late = System.nanoTime() - deadline >= 0;
            if (late || starter.isInterrupted()) {
                overran |= late;
                killTree(process);
            }
        }, CHECK_EVERY_MILLIS, CHECK_EVERY_MILLIS, MILLISECONDS);
        process.onExit().thenRun(() -> watch.cancel(false));
        return process;
    }

    /**
     * Runs {@code command} to its end, copying what it prints into {@code sink}.
     *
     * @return the exit status
     * @throws ToolTimeoutException if the tool ran past its limit and was killed
     * @throws InterruptedIOException if this thread was interrupted (the tool was killed)
     * @throws IOException if the program could not be started or its output read
     */
    public int runToEnd(List<String> command, Appendable sink) throws IOException {
        Process process = run(command);
        boolean ended = false;
        try (Reader output = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            for (int read; (read = output.read(buffer)) >= 0; ) {
                sink.append(CharBuffer.wrap(buffer, 0, read));
            }
            process.waitFor();
            ended = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!ended) {
                killTree(process);
            }
        }
        throwIfStopped();
        return process.exitValue();
    }

    /**
     * For callers of ffmpeg-cli-wrapper, whose failure after a kill (a non-zero status, half a JSON
     * document) would hide the cause: throws if this run was stopped, returns otherwise.
     */
    public void throwIfStopped() throws IOException {
        if (overran) {
            throw new ToolTimeoutException(tool, limit);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(tool + " was stopped: the job was interrupted");
        }
    }

    private static void killTree(Process process) {
        // the children first collected: once their parent dies they are no longer its descendants
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
