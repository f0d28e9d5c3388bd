package io.audiojobs.stack;

import io.audiojobs.embedded.EmbeddedPostgresServer;
import io.audiojobs.embedded.EmbeddedS3Server;
import io.audiojobs.shared.config.ConfigException;
import io.audiojobs.shared.config.Env;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What `dev` and `infra` run on: embedded PostgreSQL and S3 under $AUDIOJOBS_HOME, with secrets
 * generated once and kept there, so data, tokens and dev.env stay valid across restarts.
 */
final class DevInfrastructure implements AutoCloseable {
    /** The settings dev.env hands to other processes (`./audiojobs worker`, `token`, the benchmarks). */
    private static final String[] SHARED_SETTINGS = {"DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD", "S3_ENDPOINT",
            "S3_PUBLIC_ENDPOINT", "S3_REGION", "S3_BUCKET", "S3_ACCESS_KEY", "S3_SECRET_KEY", "AUTH_JWT_SECRET", "AUTH_JWT_ISSUER", "AUTH_JWT_AUDIENCE", "WEBHOOK_SECRET",
            "WEBHOOK_ALLOW_PRIVATE_NETWORKS", "WORK_DIR", "RETRY_ATTEMPTS", "RETRY_BASE_SECONDS", "JOB_POLL_SECONDS", "MAX_DURATION", "MAX_UPLOAD_BYTES"};

    private static final Logger log = LoggerFactory.getLogger(DevInfrastructure.class);

    private final Path home;
    private final HomeLock lock;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedS3Server s3;
    private final Map<String, String> settings;

    private DevInfrastructure(Path home, HomeLock lock, EmbeddedPostgresServer postgres, EmbeddedS3Server s3,
                              Map<String, String> settings) {
        this.home = home;
        this.lock = lock;
        this.postgres = postgres;
        this.s3 = s3;
        this.settings = settings;
    }

    static Path home(Map<String, String> env) {
        return Path.of(env.getOrDefault("AUDIOJOBS_HOME", ".audiojobs")).toAbsolutePath();
    }

    /**
     * Starts PostgreSQL and S3 for the home in {@code system} (AUDIOJOBS_HOME), after checking that
     * no other stack runs on the home, and that their ports and {@code rolePorts} (the API and the
     * dashboard of `dev`) are free; otherwise stops with a message naming each port and its variable.
     */
    static DevInfrastructure start(Map<String, String> system, List<DevPort> rolePorts) {
        Path home = home(system);
        Env systemEnv = new Env(system);
        DevPort database = DevPort.of(systemEnv, "PostgreSQL", "DEV_DATABASE_PORT", 54329);
        DevPort s3Port = DevPort.of(systemEnv, "S3", "S3_PORT", 9000);
        HomeLock lock = HomeLock.acquire(home);
        List<AutoCloseable> started = new ArrayList<>(List.of(lock));
        try {
            Map<String, String> secrets = secrets(home);
            Path data = home.resolve("postgres");
            List<DevPort> ports = new ArrayList<>(List.of(database, s3Port));
            ports.addAll(rolePorts);
            if (leftBehindOn(data, database)) {
                ports.remove(database); // taken by this home's own PostgreSQL: it is used again below
            }
            DevPort.requireFree(ports);
            var postgres = EmbeddedPostgresServer.start(data, database.port());
            started.add(postgres);
            if (!postgres.serves(data)) { // taken since the check: zonky would have attached to another stack's database
                throw DevPort.inUse(List.of(database), ports);
            }
            var s3 = EmbeddedS3Server.start(home.resolve("s3"), s3Port.port(), secrets.get("S3_ACCESS_KEY"), secrets.get("S3_SECRET_KEY"));
            started.add(s3);
            return new DevInfrastructure(home, lock, postgres, s3, settings(home, system, secrets, postgres, s3));
        } catch (RuntimeException e) {
            try {
                closeAll(started.reversed());
            } catch (RuntimeException stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
    }

    /**
     * True when this home's PostgreSQL is still running on the database port, left behind by a stack
     * that was killed (the home lock, held now, would otherwise be another's): it holds this home's
     * data, so it is used again, and stopped with this stack. On another port it is refused.
     */
    private static boolean leftBehindOn(Path data, DevPort database) {
        var running = EmbeddedPostgresServer.running(data);
        if (running.isEmpty()) {
            return false;
        }
        long pid = running.get().pid();
        if (running.get().port() != database.port()) {
            throw new ConfigException("this home's PostgreSQL (pid " + pid + ") is still running on port " + running.get().port()
                    + ", left by a stack that did not stop: set " + database.variable() + "=" + running.get().port()
                    + ", or stop it (kill -INT " + pid + ")");
        }
        log.warn("PostgreSQL of {} was still running (pid {}, port {}), left by a stack that did not stop: using it again",
                data, pid, database.port());
        return true;
    }

    private static Map<String, String> settings(Path home, Map<String, String> system, Map<String, String> secrets,
                                                EmbeddedPostgresServer postgres, EmbeddedS3Server s3) {
        Map<String, String> settings = new LinkedHashMap<>(secrets);
        settings.put("S3_BUCKET", "audiojobs");
        settings.put("WORK_DIR", home.resolve("work").toString());
        // dev runs on one machine, where webhook receivers under test listen on localhost
        settings.put("WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true");
        // tokens name who issued them and for whom, as an identity provider's do (./audiojobs token signs them)
        settings.put("AUTH_JWT_ISSUER", "audiojobs-dev");
        settings.put("AUTH_JWT_AUDIENCE", "audiojobs");
        settings.putAll(withoutBlanks(system));
        // the embedded servers are what dev runs on, whatever the environment says
        settings.put("DATABASE_URL", postgres.jdbcUrl().replace("localhost", "127.0.0.1"));
        settings.put("DATABASE_USER", EmbeddedPostgresServer.USER);
        settings.put("DATABASE_PASSWORD", "");
        settings.put("S3_ENDPOINT", s3.endpoint().toString());
        settings.putIfAbsent("S3_PUBLIC_ENDPOINT", s3.endpoint().toString());
        settings.put("S3_ACCESS_KEY", secrets.get("S3_ACCESS_KEY"));
        settings.put("S3_SECRET_KEY", secrets.get("S3_SECRET_KEY"));
        return settings;
    }

    Path home() {
        return home;
    }

    /** Everything a role needs to run on this infrastructure: the environment plus the embedded servers' addresses. */
    Map<String, String> settings() {
        return settings;
    }

    String s3Endpoint() {
        return s3.endpoint().toString();
    }

    /** Writes $AUDIOJOBS_HOME/dev.env: {@code first} entries, then the settings other processes need. */
    void writeDevEnv(String header, Map<String, String> first) {
        Map<String, String> devEnv = new LinkedHashMap<>(first);
        for (String key : SHARED_SETTINGS) {
            if (settings.containsKey(key)) {
                devEnv.put(key, settings.get(key));
            }
        }
        DevEnvFile.write(home.resolve("dev.env"), header, devEnv);
    }

    @Override
    public void close() {
        closeAll(List.of(s3, postgres, lock));
    }

    private static void closeAll(List<AutoCloseable> servers) {
        RuntimeException failure = null;
        for (AutoCloseable server : servers) {
            try {
                server.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("dev infrastructure did not stop cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Secrets generated on first start and kept, so tokens and dev.env stay valid across restarts. */
    private static Map<String, String> secrets(Path home) {
        Path file = home.resolve("secrets.env");
        Map<String, String> secrets = DevEnvFile.read(file);
        boolean changed = false;
        for (var entry : Map.of("AUTH_JWT_SECRET", 32, "DASHBOARD_PASSWORD", 12, "S3_ACCESS_KEY", 10, "S3_SECRET_KEY", 20,
                "WEBHOOK_SECRET", 32).entrySet()) {
            if (!secrets.containsKey(entry.getKey())) {
                secrets.put(entry.getKey(), randomHex(entry.getValue()));
                changed = true;
            }
        }
        if (secrets.putIfAbsent("DASHBOARD_USER", "admin") == null) {
            changed = true;
        }
        if (changed) {
            DevEnvFile.write(file, "generated once by ./audiojobs dev; delete to rotate", secrets);
        }
        return secrets;
    }

    private static Map<String, String> withoutBlanks(Map<String, String> env) {
        Map<String, String> copy = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
