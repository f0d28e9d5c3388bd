package io.audiojobs.worker.transcribe;

import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.jobs.TranscribeChunk;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.shared.transcripts.TranscriptStore;
import io.audiojobs.shared.transcripts.TranscriptionRunDao;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.shared.uploads.UploadMethod;
import io.audiojobs.shared.uploads.UploadStatus;
import io.audiojobs.worker.pipeline.StepRunner;
import io.audiojobs.worker.pipeline.WorkDir;
import io.audiojobs.worker.testing.SpeechFixtures;
import org.jobrunr.jobs.context.JobContext;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A chunk job that runs twice (a worker died after the work, before JobRunr heard) changes nothing. */
class ChunkRerunTest {
    private static Database database;
    private static S3ObjectStore store;
    private static SpeechEngines engines;
    private static TranscribeChunkJob chunkJob;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("VOSK_MODEL_PATH", System.getenv("VOSK_MODEL_PATH"));
        AppConfig config = AppConfig.from(new Env(env));
        database = Database.open(config.database(), "chunk-test");
        store = new S3ObjectStore(config.s3());
        store.ensureBucket();
        var storage = JobStorage.open(database.dataSource(), JobStorage.jsonMapper());
        var jobs = new PipelineJobs(new JobRequestScheduler(storage), 2);
        engines = new SpeechEngines(config.stt());
        chunkJob = new TranscribeChunkJob(database.jdbi(), store, engines, new StepRunner(database.jdbi(), jobs, 2, (id, status) -> { }),
                new WorkDir(dir.resolve("work")), "test-node");
    }

    @AfterAll
    static void tearDown() {
        engines.close();
        database.close();
    }

    @Test
    void running_a_chunk_twice_gives_the_same_merged_transcript_as_running_it_once() throws Exception {
        var first = SpeechFixtures.recording(dir.resolve("a.wav"), SpeechFixtures.script(0, 2), Duration.ofMillis(500));
        var second = SpeechFixtures.recording(dir.resolve("b.wav"), SpeechFixtures.script(2, 4), Duration.ofMillis(500));
        Record record = seed(first, second);

        chunkJob.run(new TranscribeChunk(record.id(), 1, 0), JobContext.Null);
        chunkJob.run(new TranscribeChunk(record.id(), 1, 0), JobContext.Null); // the duplicate delivery
        assertThat(new TranscriptStore(database.jdbi()).find(record.id())).as("not merged before the last chunk").isEmpty();
        chunkJob.run(new TranscribeChunk(record.id(), 1, 1), JobContext.Null);
        Transcript merged = new TranscriptStore(database.jdbi()).find(record.id()).orElseThrow();

        Transcript aloneFirst = engines.get("vosk").transcribe(first.wav(), new TranscriptionRequest(null, null));
        Transcript aloneSecond = engines.get("vosk").transcribe(second.wav(), new TranscriptionRequest(null, null));
        assertThat(merged.words()).hasSize(aloneFirst.words().size() + aloneSecond.words().size());
        assertThat(merged.text()).isEqualTo((aloneFirst.text() + " " + aloneSecond.text()).trim());
        assertThat(merged.words().get(aloneFirst.words().size()).startMs())
                .as("the second chunk's words are shifted by its start")
                .isEqualTo(aloneSecond.words().getFirst().startMs() + first.durationMs());

        chunkJob.run(new TranscribeChunk(record.id(), 1, 1), JobContext.Null); // a late duplicate after the merge
        assertThat(new TranscriptStore(database.jdbi()).find(record.id()).orElseThrow()).isEqualTo(merged);
        int analyzeJobs = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM jobrunr_jobs WHERE id = :id")
                .bind("id", PipelineJobs.jobId(record.jobId(), io.audiojobs.shared.pipeline.StepName.ANALYZE, 1).toString())
                .mapTo(Integer.class).one());
        assertThat(analyzeJobs).as("the next step is enqueued once").isEqualTo(1);
    }

    private Record seed(SpeechFixtures.Recording first, SpeechFixtures.Recording second) {
        String owner = "chunk-test-" + UUID.randomUUID();
        Record record = database.jdbi().inTransaction(h -> {
            var upload = h.attach(UploadDao.class).insert(owner, "uploads/" + UUID.randomUUID(), "x.wav", "audio/wav", 1, null,
                    UploadMethod.DIRECT, null, null, UploadStatus.UPLOADED, null, Instant.now(), Instant.now());
            Record created = h.attach(RecordDao.class).create(owner,
                    new NewRecord("chunks", upload.id(), null, null, null, false, null), UUID.randomUUID()).orElseThrow();
            h.attach(TranscriptionRunDao.class).create(created.id(), 1, "vosk", null, "en");
            h.attach(TranscriptionRunDao.class).setChunkCount(created.id(), 1, 2);
            return created;
        });
        long offset = 0;
        int index = 0;
        for (var part : new SpeechFixtures.Recording[] {first, second}) {
            String key = TranscribeAudioJob.chunkKey(record.id(), 1, index);
            store.putFile(key, part.wav(), "audio/wav");
            long start = offset;
            int idx = index;
            database.jdbi().useExtension(TranscriptChunkDao.class,
                    dao -> dao.create(record.id(), 1, idx, start, start + part.durationMs(), key));
            offset += part.durationMs();
            index++;
        }
        return record;
    }
}
