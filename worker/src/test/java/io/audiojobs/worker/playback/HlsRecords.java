package io.audiojobs.worker.playback;

import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.pipeline.Pipeline;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.renditions.Rendition;
import io.audiojobs.shared.renditions.RenditionDao;
import io.audiojobs.shared.renditions.RenditionKind;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.shared.uploads.UploadMethod;
import io.audiojobs.shared.uploads.UploadStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** Records made the way the API makes them (upload row, record row, first job), for the HLS job's tests. */
final class HlsRecords {
    private final Database database;
    private final ObjectStore store;
    private final PipelineJobs jobs;

    HlsRecords(Database database, ObjectStore store, PipelineJobs jobs) {
        this.database = database;
        this.store = store;
        this.jobs = jobs;
    }

    /** A tone of {@code seconds} stored as an upload, and its record, queued for the pipeline. */
    Record queued(Path dir, double seconds) throws IOException, InterruptedException {
        Path wav = tone(dir.resolve(UUID.randomUUID() + ".wav"), seconds);
        String key = "uploads/" + UUID.randomUUID() + ".wav";
        store.putFile(key, wav, "audio/wav");
        Record record = row(key, java.nio.file.Files.size(wav));
        jobs.enqueue(record.id(), record.jobId(), Pipeline.first(), 1);
        return record;
    }

    /** The rows only, no job. */
    Record row(String uploadKey, long size) {
        String owner = "hls-test-" + UUID.randomUUID();
        return database.jdbi().inTransaction(h -> {
            var upload = h.attach(UploadDao.class).insert(owner, uploadKey, "in.wav", "audio/wav", size, null, UploadMethod.DIRECT,
                    null, null, UploadStatus.UPLOADED, null, Instant.now(), Instant.now());
            return h.attach(RecordDao.class).create(owner, new NewRecord("hls", upload.id(), null, null, null, false, null),
                    UUID.randomUUID()).orElseThrow();
        });
    }

    Record awaitFinal(long id) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> database.jdbi().withExtension(RecordDao.class, dao -> dao.find(id)).orElseThrow(),
                        r -> r.status().isFinal());
    }

    Optional<Rendition> hls(long id) {
        return database.jdbi().withExtension(RenditionDao.class, dao -> dao.find(id, RenditionKind.HLS));
    }

    static Path tone(Path output, double seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                "-i", "sine=frequency=440:duration=" + seconds, "-ac", "1", output.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + printed);
        }
        return output;
    }
}
