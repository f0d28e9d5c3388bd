package io.audiojobs.worker.convert;

import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.pipeline.Pipeline;
import io.audiojobs.shared.pipeline.ProcessingStep;
import io.audiojobs.shared.pipeline.ProcessingStepDao;
import io.audiojobs.shared.pipeline.StepStatus;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.records.OriginalAudio;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.records.RecordStatus;
import io.audiojobs.shared.renditions.Rendition;
import io.audiojobs.shared.renditions.RenditionDao;
import io.audiojobs.shared.renditions.RenditionKind;
import io.audiojobs.shared.storage.ObjectInfo;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.audiojobs.shared.uploads.Upload;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.shared.uploads.UploadMethod;
import io.audiojobs.shared.uploads.UploadStatus;
import io.audiojobs.worker.WorkerNode;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The convert step run by a real worker node: JobRunr on PostgreSQL, S3Proxy, ffmpeg. */
class ConvertPipelineTest {
    private static Database database;
    private static S3ObjectStore store;
    private static StorageProvider storage;
    private static WorkerNode worker;
    private static PipelineJobs jobs;

    @TempDir
    Path dir;

    @BeforeAll
    static void startWorker(@TempDir Path workDir) {
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("RETRY_ATTEMPTS", "2");
        env.put("RETRY_BASE_SECONDS", "1");
        env.put("WORKER_THREADS", "2");
        env.put("WORK_DIR", workDir.toString());
        env.put("VOSK_MODEL_PATH", System.getenv("VOSK_MODEL_PATH"));
        AppConfig config = AppConfig.from(new Env(env));
        database = Database.open(config.database(), "worker-test");
        store = new S3ObjectStore(config.s3());
        store.ensureBucket();
        var jsonMapper = JobStorage.jsonMapper();
        storage = JobStorage.open(database.dataSource(), jsonMapper);
        jobs = new PipelineJobs(new JobRequestScheduler(storage), config.retry().retriesAfterFirst());
        worker = new WorkerNode(config, database.jdbi(), store, storage, jsonMapper).start();
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
        storage.close();
        database.close();
    }

    @Test
    void a_real_recording_is_converted_to_wav_mp3_and_peaks_and_completes() throws Exception {
        Path wav = AudioFixtures.tone(dir.resolve("in.wav"), 5, 44_100, 2);
        Record record = seed(Files.readAllBytes(wav), "audio/wav");

        Record done = awaitFinal(record.id());
        assertThat(done.status()).isEqualTo(RecordStatus.COMPLETED);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.audioDurationMs()).isBetween(4_900L, 5_100L);

        List<Rendition> renditions = database.jdbi().withExtension(RenditionDao.class, dao -> dao.list(record.id()));
        // the HLS rendition is a job of its own (HlsRenditionJobTest); it may or may not be done by now
        renditions = renditions.stream().filter(r -> r.kind() != RenditionKind.HLS).toList();
        assertThat(renditions).extracting(r -> r.kind().name()).containsExactlyInAnyOrder("MP3", "NORMALIZED_WAV", "WAVEFORM");
        for (Rendition r : renditions) {
            assertThat(store.head(r.objectKey())).as(r.objectKey()).hasValueSatisfying(o -> assertThat(o.sizeBytes()).isEqualTo(r.sizeBytes()));
        }
        Path mp3 = dir.resolve("out.mp3");
        store.download(ConvertAudioJob.renditionKey(record.id(), io.audiojobs.shared.renditions.RenditionKind.MP3), mp3);
        assertThat(new FfmpegTranscoder("ffmpeg", "ffprobe", Duration.ofHours(1), AudioFixtures.TIME_LIMIT).probe(mp3).formatName()).contains("mp3");

        ProcessingStep convert = steps(record.id()).getFirst();
        assertThat(convert.status()).isEqualTo(StepStatus.COMPLETED);
        assertThat(convert.attempts()).isEqualTo(1);
        assertThat(convert.startedAt()).isNotNull();
        assertThat(convert.finishedAt()).isAfterOrEqualTo(convert.startedAt());
    }

    @Test
    void a_record_that_asked_for_it_loses_its_original_audio_once_completed_and_keeps_its_renditions() throws Exception {
        Path wav = AudioFixtures.tone(dir.resolve("keep-not.wav"), 2, 16_000, 1);
        String key = "uploads/" + UUID.randomUUID() + ".wav";
        store.putFile(key, wav, "audio/wav");
        Record record = seedRow(key, Files.size(wav), true);

        assertThat(awaitFinal(record.id()).status()).isEqualTo(RecordStatus.COMPLETED);
        // deleted just after COMPLETED is committed, by the same worker thread
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(store.head(key)).as("upload deleted").isEmpty();
            assertThat(store.head(OriginalAudio.key(record.id()))).as("the record's copy of it deleted").isEmpty();
        });
        List<Rendition> renditions = database.jdbi().withExtension(RenditionDao.class, dao -> dao.list(record.id()));
        assertThat(renditions).filteredOn(r -> r.kind() != RenditionKind.HLS)
                .hasSize(3).allSatisfy(r -> assertThat(store.head(r.objectKey())).isPresent());
    }

    @Test
    void an_upload_replaced_after_the_record_was_made_fails_the_record_at_once_and_is_never_read() throws Exception {
        String key = "uploads/" + UUID.randomUUID() + ".wav";
        store.putFile(key, AudioFixtures.tone(dir.resolve("made-of.wav"), 2, 16_000, 1), "audio/wav");
        Record record = recordOfPut(key);
        // a replay of the presigned PUT (seed 004's has no If-None-Match) lands before the worker starts
        store.putFile(key, AudioFixtures.tone(dir.resolve("replaced.wav"), 4, 16_000, 1), "audio/wav");
        jobs.enqueue(record.id(), record.jobId(), Pipeline.first(), 1);

        Record failed = awaitFinal(record.id());
        assertThat(failed.status()).isEqualTo(RecordStatus.FAILED);
        assertThat(failed.failedStep()).isEqualTo("convert");
        assertThat(failed.failedReason()).isEqualTo("The upload was changed after the record was made; upload it again.");
        assertThat(failed.audioDurationMs()).as("nothing was read").isNull();
        List<Rendition> renditions = database.jdbi().withExtension(RenditionDao.class, dao -> dao.list(record.id()));
        assertThat(renditions).isEmpty();
        assertThat(store.head(OriginalAudio.key(record.id()))).isEmpty();
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9))
                .until(() -> steps(record.id()).getFirst().attempts() == 1);
    }

    @ParameterizedTest(name = "copy noted before the node died: {0}")
    @ValueSource(booleans = {true, false})
    void a_rerun_after_the_copy_was_made_reads_the_copy_even_when_the_upload_was_replaced_since(boolean noted) throws Exception {
        String key = "uploads/" + UUID.randomUUID() + ".wav";
        store.putFile(key, AudioFixtures.tone(dir.resolve("made-of.wav"), 2, 16_000, 1), "audio/wav");
        Record record = recordOfPut(key);
        Upload upload = database.jdbi().withExtension(UploadDao.class, dao -> dao.find(record.uploadId())).orElseThrow();
        // an earlier attempt copied the upload, then the node died, before or after noting the copy
        assertThat(store.copyIfMatch(key, OriginalAudio.key(record.id()), upload.etag(), upload.sizeBytes())).isTrue();
        if (noted) {
            database.jdbi().useExtension(UploadDao.class, dao -> dao.markSealed(upload.id()));
        }
        store.putFile(key, AudioFixtures.tone(dir.resolve("replaced.wav"), 4, 16_000, 1), "audio/wav");
        jobs.enqueue(record.id(), record.jobId(), Pipeline.first(), 1);

        Record done = awaitFinal(record.id());
        assertThat(done.status()).as(done.failedReason()).isEqualTo(RecordStatus.COMPLETED);
        assertThat(done.audioDurationMs()).as("the copy, not the replacement").isBetween(1_900L, 2_100L);
        assertThat(database.jdbi().withExtension(UploadDao.class, dao -> dao.find(upload.id())).orElseThrow().sealedAt()).isNotNull();
    }

    @Test
    void converting_seals_the_upload_and_drops_the_key_a_presigned_url_names() throws Exception {
        String key = "uploads/" + UUID.randomUUID() + ".wav";
        Path wav = AudioFixtures.tone(dir.resolve("sealed.wav"), 1, 16_000, 1);
        store.putFile(key, wav, "audio/wav");
        Record record = recordOfPut(key);
        jobs.enqueue(record.id(), record.jobId(), Pipeline.first(), 1);

        assertThat(awaitFinal(record.id()).status()).isEqualTo(RecordStatus.COMPLETED);
        Path copy = dir.resolve("copy.wav");
        store.download(OriginalAudio.key(record.id()), copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(wav));
        assertThat(store.head(key)).as("nothing reads the upload's key any more").isEmpty();
    }

    @Test
    void a_text_file_named_wav_fails_at_once_with_a_reason_and_is_not_retried() {
        Record record = seed("this is not audio at all\n".repeat(50).getBytes(), "audio/wav");

        Record failed = awaitFinal(record.id());
        assertThat(failed.status()).isEqualTo(RecordStatus.FAILED);
        assertThat(failed.failedStep()).isEqualTo("convert");
        assertThat(failed.failedReason()).containsIgnoringCase("not audio");
        // stays at one attempt: a permanent failure is never retried
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9))
                .until(() -> steps(record.id()).getFirst().attempts() == 1);
        assertThat(steps(record.id()).getFirst().status()).isEqualTo(StepStatus.FAILED);
    }

    @Test
    void a_playlist_posing_as_wav_that_names_another_users_mp3_fails_at_once_and_leaks_nothing() throws Exception {
        Path othersMp3 = AudioFixtures.tone(dir.resolve("others.mp3"), 3, 44_100, 1, "-c:a", "libmp3lame");
        Path playlist = CraftedInputs.hlsPlaylist(dir.resolve("talk.wav"), othersMp3.toAbsolutePath().toString(), 3);
        Record record = seed(Files.readAllBytes(playlist), "audio/wav");

        Record failed = awaitFinal(record.id());
        assertThat(failed.status()).isEqualTo(RecordStatus.FAILED);
        assertThat(failed.failedStep()).isEqualTo("convert");
        assertThat(failed.failedReason()).startsWith(FfmpegTranscoderCraftedInputTest.HLS_REFUSED);
        assertThat(failed.audioDurationMs()).isNull();
        List<Rendition> renditions = database.jdbi().withExtension(RenditionDao.class, dao -> dao.list(record.id()));
        assertThat(renditions).isEmpty();
        for (RenditionKind kind : RenditionKind.values()) {
            assertThat(store.head(ConvertAudioJob.renditionKey(record.id(), kind))).as(kind.name()).isEmpty();
        }
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9))
                .until(() -> steps(record.id()).getFirst().attempts() == 1);
        assertThat(steps(record.id()).getFirst().status()).isEqualTo(StepStatus.FAILED);
    }

    @Test
    void a_transient_failure_is_retried_with_backoff_and_then_fails_the_record() {
        // the upload row points at an object that is not in S3: the download fails, which may be transient
        Record record = seedRow("uploads/" + UUID.randomUUID() + ".wav", 100);

        Record failed = awaitFinal(record.id());
        assertThat(failed.status()).isEqualTo(RecordStatus.FAILED);
        assertThat(failed.failedStep()).isEqualTo("convert");
        assertThat(steps(record.id()).getFirst().attempts()).isEqualTo(2);
        assertThat(failed.failedReason()).isNotBlank();
    }

    @Test
    void enqueueing_the_same_step_twice_creates_one_job() {
        Record record = seedRow("uploads/" + UUID.randomUUID() + ".wav", 100);
        UUID again = jobs.enqueue(record.id(), record.jobId(), Pipeline.first(), 1);
        assertThat(again).isEqualTo(record.jobId());
        assertThat(storage.getJobById(record.jobId())).isNotNull();
    }

    private Record seed(byte[] bytes, String contentType) {
        String key = "uploads/" + UUID.randomUUID() + ".wav";
        Path file = dir.resolve(UUID.randomUUID().toString());
        try {
            Files.write(file, bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        store.putFile(key, file, contentType);
        return seedRow(key, bytes.length);
    }

    /**
     * A record of a presigned single PUT whose bytes are at {@code key}, made by the API's statement with
     * the ETag its HEAD saw; not enqueued yet.
     */
    private Record recordOfPut(String key) {
        ObjectInfo stored = store.head(key).orElseThrow();
        String owner = "worker-test-" + UUID.randomUUID();
        return database.jdbi().inTransaction(h -> {
            var upload = h.attach(UploadDao.class).insert(owner, key, "in.wav", "audio/wav", stored.sizeBytes(), null,
                    UploadMethod.PUT, null, null, UploadStatus.PENDING, null, Instant.now().plusSeconds(900), null);
            return RecordDao.create(h, owner, new NewRecord("test", upload.id(), null, null, null, false, null),
                    UUID.randomUUID(), stored.etag()).orElseThrow();
        });
    }

    private Record seedRow(String key, long size) {
        return seedRow(key, size, false);
    }

    private Record seedRow(String key, long size, boolean deleteAudioAfterProcessing) {
        String owner = "worker-test-" + UUID.randomUUID();
        UUID pipelineId = UUID.randomUUID();
        Record record = database.jdbi().inTransaction(h -> {
            var upload = h.attach(UploadDao.class).insert(owner, key, "in.wav", "audio/wav", size, null, UploadMethod.DIRECT,
                    null, null, UploadStatus.UPLOADED, null, Instant.now(), Instant.now());
            Record created = h.attach(RecordDao.class).create(owner,
                    new NewRecord("test", upload.id(), null, null, null, deleteAudioAfterProcessing, null), pipelineId).orElseThrow();
            return created;
        });
        jobs.enqueue(record.id(), pipelineId, Pipeline.first(), 1);
        return record;
    }

    private static Record awaitFinal(long id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> database.jdbi().withExtension(RecordDao.class, dao -> dao.find(id)).orElseThrow(),
                        r -> r.status().isFinal());
    }

    private static List<ProcessingStep> steps(long id) {
        return database.jdbi().withExtension(ProcessingStepDao.class, dao -> dao.list(id));
    }
}
