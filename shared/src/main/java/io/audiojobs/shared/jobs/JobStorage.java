package io.audiojobs.shared.jobs;

import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.StorageProviderUtils;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import javax.sql.DataSource;

/**
 * JobRunr's storage on the product's PostgreSQL. JobRunr creates and upgrades its own jobrunr_*
 * tables here (see README); every process uses the same explicit JSON mapper so that the jobs the
 * API writes are the jobs the workers read.
 */
public final class JobStorage {
    private JobStorage() {}

    public static JsonMapper jsonMapper() {
        return new JacksonJsonMapper();
    }

    /** Creates or upgrades JobRunr's tables (JobRunr's own versioned migrations). */
    public static void createTables(DataSource dataSource) {
        new PostgresStorageProvider(dataSource, StorageProviderUtils.DatabaseOptions.CREATE).close();
    }

    public static StorageProvider open(DataSource dataSource, JsonMapper jsonMapper) {
        // tables were created by Database.open; every process skips the check from here on
        StorageProvider storage = new PostgresStorageProvider(dataSource, StorageProviderUtils.DatabaseOptions.SKIP_CREATE);
        storage.setJobMapper(new JobMapper(jsonMapper));
        return storage;
    }
}
