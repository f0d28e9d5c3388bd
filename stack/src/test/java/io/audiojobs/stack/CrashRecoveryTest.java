package io.audiojobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.worker.testing.SpeechFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers die: one is SIGKILLed mid-job, another is stopped with SIGTERM mid-job. JobRunr re-runs
 * what they held on the nodes that are left, and every record completes exactly once: one
 * transcript, one set of renditions, no duplicated rows.
 */
class CrashRecoveryTest {
    private final ApiHarness api = ApiHarness.shared();
    @RegisterExtension
    final WorkerProcesses workers = WorkerProcesses.stoppedAfterEachTest();

    @TempDir
    Path dir;

    @Test
    void a_worker_killed_mid_job_leaves_every_record_completed_exactly_once() throws Exception {
        for (int i = 0; i < 3; i++) {
            workers.add(startWorker(i));
        }
        String user = ApiHarness.newUser();
        var speech = SpeechFixtures.longRecording(dir.resolve("minute.wav"), Duration.ofSeconds(60), Duration.ofMillis(800));
        List<Long> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(api.recordOfWav(user, Files.readAllBytes(speech.wav()), Map.of("title", "speech")));
        }
        // kill the first worker once it is in the middle of work
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> processingOn(workers.first()) > 0);
        workers.first().kill();
        long killedAt = System.nanoTime();

        for (long id : records) {
            JsonNode status = api.awaitFinal(user, id, Duration.ofSeconds(240));
            assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("COMPLETED");
        }
        System.out.printf("crash recovery: all 4 records completed %d ms after SIGKILL of a worker (poll 5 s)%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        for (long id : records) {
            assertCompletedOnce(id);
        }
    }

    @Test
    void a_worker_stopped_with_sigterm_finishes_or_hands_back_its_jobs() throws Exception {
        WorkerProcess stopping = startWorker(0);
        workers.add(stopping);
        String user = ApiHarness.newUser();
        var speech = SpeechFixtures.longRecording(dir.resolve("talk.wav"), Duration.ofSeconds(40), Duration.ofMillis(800));
        long id = api.recordOfWav(user, Files.readAllBytes(speech.wav()), Map.of("title", "speech"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> processingOn(stopping) > 0);

        long stoppedAt = System.nanoTime();
        stopping.close(); // SIGTERM: running jobs get SHUTDOWN_GRACE to finish
        System.out.printf("graceful shutdown: worker exited %d ms after SIGTERM%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt));
        assertThat(stopping.isAlive()).isFalse();
        workers.add(startWorker(1));
        assertThat(api.awaitFinal(user, id, Duration.ofSeconds(180)).get("status").asText()).isEqualTo("COMPLETED");
        assertCompletedOnce(id);
    }

    private void assertCompletedOnce(long id) {
        var db = api.database().jdbi();
        Map<String, Object> counts = db.withHandle(h -> h.createQuery("""
                        SELECT (SELECT count(*) FROM transcripts WHERE record_id = :id) AS transcripts,
                               (SELECT count(*) FROM analyses WHERE record_id = :id) AS analyses,
                               (SELECT count(*) FROM renditions WHERE record_id = :id) AS renditions,
                               (SELECT count(*) FROM transcript_chunks WHERE record_id = :id) AS chunks,
                               (SELECT chunk_count FROM transcription_runs WHERE record_id = :id AND run = 1) AS planned,
                               (SELECT count(*) FROM processing_steps WHERE record_id = :id AND status = 'COMPLETED') AS steps
                        """).bind("id", id).mapToMap().one());
        assertThat(((Number) counts.get("transcripts")).intValue()).isEqualTo(1);
        assertThat(((Number) counts.get("analyses")).intValue()).isEqualTo(1);
        // normalized WAV, MP3 and peaks from convert; the HLS rendition's own job may or may not have finished yet
        assertThat(((Number) counts.get("renditions")).intValue()).isBetween(3, 4);
        assertThat(((Number) counts.get("chunks")).intValue()).isEqualTo(((Number) counts.get("planned")).intValue());
        assertThat(((Number) counts.get("steps")).intValue()).isEqualTo(3);
        List<String> keys = db.withHandle(h -> h.createQuery("SELECT object_key FROM renditions WHERE record_id = :id")
                .bind("id", id).mapTo(String.class).list());
        for (String key : keys) {
            assertThat(api.store().head(key)).as(key).isPresent();
        }
        List<String> chunkKeys = db.withHandle(h -> h.createQuery("SELECT object_key FROM transcript_chunks WHERE record_id = :id")
                .bind("id", id).mapTo(String.class).list());
        for (String key : chunkKeys) {
            assertThat(api.store().head(key)).as("chunk objects are removed after the merge: " + key).isEmpty();
        }
    }

    /** Jobs JobRunr shows as PROCESSING on the server living in that process. */
    private int processingOn(WorkerProcess worker) {
        return api.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM jobrunr_jobs j
                        WHERE j.state = 'PROCESSING' AND j.jobAsJson LIKE '%' || (
                            SELECT s.id FROM jobrunr_backgroundjobservers s WHERE s.name LIKE :pid) || '%'
                        """).bind("pid", worker.pid() + "@%").mapTo(Integer.class).one());
    }

    private WorkerProcess startWorker(int index) throws Exception {
        WorkerProcess worker = WorkerProcess.onSharedInfrastructure(dir.resolve("work-" + index), dir.resolve("worker-" + index + ".log"),
                Map.of("WORKER_THREADS", "2", "STT_CHUNK_VOSK", "20s", "JOB_POLL_SECONDS", "5", "SHUTDOWN_GRACE", "20s",
                        "RETRY_BASE_SECONDS", "1"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                Files.exists(dir.resolve("worker-" + index + ".log"))
                        && Files.readString(dir.resolve("worker-" + index + ".log")).contains("worker started"));
        return worker;
    }
}
