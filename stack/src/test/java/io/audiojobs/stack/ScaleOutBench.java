package io.audiojobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.worker.testing.SpeechFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Benchmark, not a test (runs only under ./audiojobs bench, -Daudiojobs.bench=true): wall time of a
 * 10-minute spoken recording from 202 to COMPLETED with 1 and with 3 worker processes, Vosk with
 * 60 s chunks, one job thread per process. On a 2-core machine 3 processes can be at most about 2x
 * faster than 1. Prints one line per run; bench/run.sh collects them.
 */
@EnabledIfSystemProperty(named = "audiojobs.bench", matches = "true")
class ScaleOutBench {
    @TempDir
    Path dir;

    @Test
    void ten_minutes_of_speech_with_one_and_with_three_worker_processes() throws Exception {
        ApiHarness api = ApiHarness.shared();
        var speech = SpeechFixtures.longRecording(dir.resolve("ten.wav"), Duration.ofMinutes(10), Duration.ofMillis(800));
        byte[] bytes = Files.readAllBytes(speech.wav());
        for (int workers : new int[] {1, 3, 1, 3}) {
            List<WorkerProcess> nodes = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
                env.put("WORK_DIR", dir.resolve("work-" + workers + "-" + i).toString());
                env.put("WORKER_THREADS", "1"); // one job at a time per process: the comparison is processes, not threads
                nodes.add(WorkerProcess.start(env, dir.resolve("worker-" + workers + "-" + i + ".log")));
            }
            for (int i = 0; i < workers; i++) {
                Path log = dir.resolve("worker-" + workers + "-" + i + ".log");
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(log) && Files.readString(log).contains("worker started"));
            }
            String user = ApiHarness.newUser();
            long started = System.nanoTime();
            var accepted = api.postMultipart(user, "/api/v1/records",
                    new io.audiojobs.api.Multipart().field("title", "ten").file("audio", "ten.wav", "audio/wav", bytes));
            assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
            long id = accepted.json().at("/record/id").asLong();
            JsonNode done = await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(250))
                    .until(() -> api.get(user, "/api/v1/records/" + id + "/job-status").json(),
                            s -> s.get("status").asText().equals("COMPLETED") || s.get("status").asText().equals("FAILED"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
            System.out.printf("BENCH scale-out: %d s recording, %d worker process(es): %d ms from 202 to COMPLETED%n",
                    speech.durationMs() / 1000, workers, millis);
            for (WorkerProcess node : nodes) {
                node.close();
            }
        }
    }
}
