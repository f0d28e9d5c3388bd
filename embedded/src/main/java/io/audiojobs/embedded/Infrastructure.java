package io.audiojobs.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A throw-away PostgreSQL and S3 server for tests: one pair per JVM, shared by the test classes
 * of a module (each test uses its own users, so they do not see each other's data).
 */
public final class Infrastructure {
    public static final String S3_ACCESS_KEY = "test-access";
    public static final String S3_SECRET_KEY = "test-secret-key-0123456789";
    public static final String BUCKET = "audiojobs-test";

    private static Infrastructure shared;

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedS3Server s3;

    private Infrastructure(EmbeddedPostgresServer postgres, EmbeddedS3Server s3) {
        this.postgres = postgres;
        this.s3 = s3;
    }

    public static synchronized Infrastructure shared() {
        if (shared == null) {
            shared = new Infrastructure(EmbeddedPostgresServer.start(null, 0),
                    EmbeddedS3Server.start(null, 0, S3_ACCESS_KEY, S3_SECRET_KEY));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                shared.s3.close();
                shared.postgres.close();
            }));
        }
        return shared;
    }

    /** The environment a process needs to use these servers (database and S3 settings). */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATABASE_URL", postgres.jdbcUrl());
        env.put("DATABASE_USER", EmbeddedPostgresServer.USER);
        env.put("DATABASE_PASSWORD", "");
        env.put("S3_ENDPOINT", s3.endpoint().toString());
        env.put("S3_REGION", "us-east-1");
        env.put("S3_BUCKET", BUCKET);
        env.put("S3_ACCESS_KEY", S3_ACCESS_KEY);
        env.put("S3_SECRET_KEY", S3_SECRET_KEY);
        return env;
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    public EmbeddedS3Server s3() {
        return s3;
    }
}
