package io.audiojobs.worker.playback;

import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.audiojobs.worker.WorkerNode;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A real worker node for the HLS tests (two attempts per job, 1 s apart), with what the tests need around it. */
final class HlsWorker implements AutoCloseable {
    final Database database;
    final S3ObjectStore store;
    final StorageProvider storage;
    final JobRequestScheduler scheduler;
    final HlsRecords records;
    private final WorkerNode node;

    HlsWorker(Path workDir, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("RETRY_ATTEMPTS", "2");
        env.put("RETRY_BASE_SECONDS", "1");
        env.put("WORKER_THREADS", "2");
        env.put("WORK_DIR", workDir.toString());
        env.put("VOSK_MODEL_PATH", System.getenv("VOSK_MODEL_PATH"));
        env.putAll(overrides);
        AppConfig config = AppConfig.from(new Env(env));
        database = Database.open(config.database(), "hls-test");
        store = new S3ObjectStore(config.s3());
        store.ensureBucket();
        var jsonMapper = JobStorage.jsonMapper();
        storage = JobStorage.open(database.dataSource(), jsonMapper);
        scheduler = new JobRequestScheduler(storage);
        records = new HlsRecords(database, store, new PipelineJobs(scheduler, config.retry().retriesAfterFirst()));
        node = new WorkerNode(config, database.jdbi(), store, storage, jsonMapper).start();
    }

    @Override
    public void close() {
        node.close();
        storage.close();
        database.close();
    }
}
