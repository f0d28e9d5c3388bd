package io.audiojobs.stack;

import io.audiojobs.embedded.EmbeddedPostgresServer;
import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.jobs.PickupProbe;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

/**
 * Benchmark, not a test (only under ./audiojobs bench): what the NOTIFY trigger on jobrunr_jobs
 * costs enqueueing. 8 threads enqueue 2,000 jobs each way on a durable (fsync on) PostgreSQL, with
 * the trigger enabled and disabled, alternating, 3 rounds; prints the median rate of each.
 */
@EnabledIfSystemProperty(named = "audiojobs.bench", matches = "true")
class EnqueueCostBench {
    private static final int JOBS = 2_000;
    private static final int THREADS = 8;

    @TempDir
    Path dir;

    @Test
    void enqueue_rate_with_and_without_the_wake_up_trigger() throws Exception {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), 0)) {
            Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
            env.put("DATABASE_URL", postgres.jdbcUrl());
            env.put("DATABASE_POOL_SIZE", String.valueOf(THREADS + 2));
            try (Database database = Database.open(AppConfig.from(new Env(env)).database(), "enqueue-bench")) {
                var storage = JobStorage.open(database.dataSource(), JobStorage.jsonMapper());
                var scheduler = new JobRequestScheduler(storage);
                List<Double> with = new ArrayList<>();
                List<Double> without = new ArrayList<>();
                rate(scheduler); // warm-up
                for (int round = 0; round < 3; round++) {
                    database.jdbi().useHandle(h -> h.execute("ALTER TABLE jobrunr_jobs DISABLE TRIGGER audiojobs_job_enqueued"));
                    without.add(rate(scheduler));
                    database.jdbi().useHandle(h -> h.execute("ALTER TABLE jobrunr_jobs ENABLE TRIGGER audiojobs_job_enqueued"));
                    with.add(rate(scheduler));
                }
                Collections.sort(with);
                Collections.sort(without);
                System.out.printf("BENCH enqueue cost: %d threads, %d jobs, fsync on: %.0f jobs/s with the NOTIFY trigger, %.0f without (medians of 3; %.0f %%)%n",
                        THREADS, JOBS, with.get(1), without.get(1), 100.0 * (with.get(1) - without.get(1)) / without.get(1));
                storage.close();
            }
        }
    }

    private static double rate(JobRequestScheduler scheduler) throws Exception {
        String batch = "enqueue-" + UUID.randomUUID();
        Callable<Void> work = () -> {
            for (int i = 0; i < JOBS / THREADS; i++) {
                scheduler.enqueue(new PickupProbe(UUID.randomUUID(), batch, 0));
            }
            return null;
        };
        long started = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(THREADS)) {
            for (var f : pool.invokeAll(Collections.nCopies(THREADS, work))) {
                f.get();
            }
        }
        return JOBS / ((System.nanoTime() - started) / 1e9);
    }
}
