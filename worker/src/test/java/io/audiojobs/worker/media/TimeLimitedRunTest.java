package io.audiojobs.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeLimitedRunTest {

    @TempDir Path dir;

    @Test
    void a_run_within_its_limit_returns_its_status_and_what_it_printed() throws Exception {
        StringBuilder printed = new StringBuilder();

        int status = new TimeLimitedRun("sh", Duration.ofSeconds(30))
                .runToEnd(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), printed);

        assertThat(status).isEqualTo(3);
        assertThat(printed.toString()).contains("out").contains("err");
    }

    @Test
    void a_run_past_its_limit_is_killed_with_the_children_holding_its_output_and_says_so() throws Exception {
        Path childPid = dir.resolve("child.pid");
        Path tool = StandInTools.hanging(dir, "ffmpeg", childPid);

        assertThatThrownBy(() -> new TimeLimitedRun("ffmpeg", Duration.ofSeconds(1))
                        .runToEnd(List.of(tool.toString(), "-i", "talk.wav"), new StringBuilder()))
                .isInstanceOf(ToolTimeoutException.class)
                .hasMessage("ffmpeg took longer than its limit of 1.0 s and was stopped.");

        assertDead(pidIn(childPid));
    }

    @Test
    void interrupting_the_thread_that_runs_a_tool_kills_the_tool() throws Exception {
        Path childPid = dir.resolve("child.pid");
        Path tool = StandInTools.hanging(dir, "ffmpeg", childPid);
        AtomicReference<Thread> runner = new AtomicReference<>();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
            runner.set(Thread.currentThread());
            try {
                return new TimeLimitedRun("ffmpeg", Duration.ofHours(1))
                        .runToEnd(List.of(tool.toString()), new StringBuilder());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> new Thread(runnable).start());
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(childPid) && Files.size(childPid) > 0);

        runner.get().interrupt();

        assertThatThrownBy(() -> run.get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(InterruptedIOException.class)
                .hasRootCauseMessage("ffmpeg was stopped: the job was interrupted");
        assertDead(pidIn(childPid));
    }

    @Test
    void a_limit_grows_with_the_length_of_the_audio() {
        ToolTimeLimit limit = new ToolTimeLimit(Duration.ofMinutes(1), 0.5);

        assertThat(limit.forAudio(0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(limit.forAudio(Duration.ofHours(4).toMillis())).isEqualTo(Duration.ofMinutes(121));
    }

    /** Reaping a killed orphan takes its new parent a moment; had it lived on, the run would not have ended. */
    private static void assertDead(long pid) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
    }

    private static long pidIn(Path file) throws Exception {
        return Long.parseLong(Files.readString(file).strip());
    }
}
