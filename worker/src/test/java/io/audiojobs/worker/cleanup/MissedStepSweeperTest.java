package io.audiojobs.worker.cleanup;

import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.shared.uploads.UploadMethod;
import io.audiojobs.shared.uploads.UploadStatus;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MissedStepSweeperTest {

    @Test
    void a_committed_record_whose_enqueue_failed_gets_its_job_once() {
        AppConfig config = AppConfig.from(new Env(Infrastructure.shared().env()));
        try (Database database = Database.open(config.database(), "sweeper-test")) {
            var storage = JobStorage.open(database.dataSource(), JobStorage.jsonMapper());
            var sweeper = new MissedStepSweeper(database.jdbi(), new PipelineJobs(new JobRequestScheduler(storage), 2), Clock.systemUTC());
            Record record = database.jdbi().inTransaction(h -> {
                var upload = h.attach(UploadDao.class).insert("sweeper", "uploads/" + UUID.randomUUID(), "a.wav", "audio/wav", 1,
                        null, UploadMethod.DIRECT, null, null, UploadStatus.UPLOADED, null, Instant.now(), Instant.now());
                Record created = h.attach(RecordDao.class).create("sweeper",
                        new NewRecord("missed", upload.id(), null, null, null, false, null), UUID.randomUUID()).orElseThrow();
                h.execute("UPDATE records SET updated_at = now() - interval '5 minutes' WHERE id = ?", created.id());
                return created;
            });

            assertThat(sweeper.sweep()).isGreaterThanOrEqualTo(1);
            assertThat(storage.getJobById(record.jobId())).isNotNull();
            assertThat(database.jdbi().withExtension(RecordDao.class, dao -> dao.find(record.id())).orElseThrow())
                    .extracting(r -> database.jdbi().withHandle(h -> h.createQuery("SELECT job_enqueued FROM records WHERE id = :id")
                            .bind("id", r.id()).mapTo(Boolean.class).one()))
                    .isEqualTo(true);
            assertThat(sweeper.sweep()).as("nothing left to requeue for it").isZero();
            storage.close();
        }
    }

    @Test
    void records_whose_job_jobrunr_holds_are_flagged_in_bulk_and_the_others_are_not() {
        AppConfig config = AppConfig.from(new Env(Infrastructure.shared().env()));
        try (Database database = Database.open(config.database(), "sweeper-test")) {
            var storage = JobStorage.open(database.dataSource(), JobStorage.jsonMapper());
            var jobs = new PipelineJobs(new JobRequestScheduler(storage), 2);
            Record enqueued = agedRecord(database, "enqueued");
            Record missed = agedRecord(database, "missed");
            jobs.enqueue(enqueued.id(), enqueued.jobId(), StepName.CONVERT, 1); // what the API does after its commit

            database.jdbi().useExtension(RecordDao.class, dao -> dao.flagEnqueued(Instant.now().minusSeconds(60)));

            assertThat(jobEnqueued(database, enqueued)).isTrue();
            assertThat(jobEnqueued(database, missed)).as("no job: left for the sweeper to enqueue").isFalse();
            storage.close();
        }
    }

    private static Record agedRecord(Database database, String title) {
        return database.jdbi().inTransaction(h -> {
            var upload = h.attach(UploadDao.class).insert("sweeper", "uploads/" + UUID.randomUUID(), "a.wav", "audio/wav", 1,
                    null, UploadMethod.DIRECT, null, null, UploadStatus.UPLOADED, null, Instant.now(), Instant.now());
            Record created = h.attach(RecordDao.class).create("sweeper",
                    new NewRecord(title, upload.id(), null, null, null, false, null), UUID.randomUUID()).orElseThrow();
            h.execute("UPDATE records SET updated_at = now() - interval '5 minutes' WHERE id = ?", created.id());
            return created;
        });
    }

    private static boolean jobEnqueued(Database database, Record record) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT job_enqueued FROM records WHERE id = :id")
                .bind("id", record.id()).mapTo(Boolean.class).one());
    }
}
