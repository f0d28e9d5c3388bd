package io.audiojobs.shared.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.jobs.JobStorage;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

import javax.sql.DataSource;

/** The connection pool, the product schema (Flyway) and the Jdbi handle on top of them. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource)
                .installPlugin(new SqlObjectPlugin())
                .installPlugin(new PostgresPlugin());
    }

    /**
     * Opens the pool, lets JobRunr create or upgrade its jobrunr_* tables, then brings the product
     * schema up to date with Flyway (which serializes concurrent starts). JobRunr goes first because
     * a product migration puts a trigger on jobrunr_jobs.
     */
    public static Database open(AppConfig.Database config, String poolName) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        // Fail fast when PostgreSQL is away instead of hanging request threads for 30 s.
        hikari.setConnectionTimeout(5_000);
        hikari.setInitializationFailTimeout(30_000);
        Database database = new Database(new HikariDataSource(hikari));
        JobStorage.createTables(database.dataSource());
        database.migrate();
        return database;
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // the schema already holds JobRunr's tables on a first start: version 0 marks "nothing of ours yet"
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
