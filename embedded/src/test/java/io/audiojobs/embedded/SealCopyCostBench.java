package io.audiojobs.embedded;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.storage.ObjectInfo;
import io.audiojobs.shared.storage.S3ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test: what sealing a 1 GiB upload costs on the dev stack's S3 (S3Proxy, filesystem
 * backend), next to the download convert does anyway. On real S3 the copy is server-side and moves no
 * bytes through the worker. Run with
 * {@code ./mvnw -o -pl embedded test -Dtest=SealCopyCostBench -Daudiojobs.bench=true}.
 */
@EnabledIfSystemProperty(named = "audiojobs.bench", matches = "true")
class SealCopyCostBench {
    private static final long SIZE = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void copy_of_a_1_gib_upload() throws Exception {
        Files.createDirectories(dir.resolve("s3"));
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dir.resolve("s3"), 0, "bench", "bench-secret-key");
             S3ObjectStore store = new S3ObjectStore(new AppConfig.S3(server.endpoint(), server.endpoint(), "us-east-1",
                     "bench", "bench", "bench-secret-key"))) {
            store.ensureBucket();
            store.putStream("uploads/big.wav", "audio/wav", zeros(), SIZE);
            String etag = store.head("uploads/big.wav").map(ObjectInfo::etag).orElseThrow();

            for (int round = 1; round <= 3; round++) {
                long started = System.nanoTime();
                assertThat(store.copyIfMatch("uploads/big.wav", "records/" + round + "/original", etag, SIZE)).isTrue();
                long copyMillis = (System.nanoTime() - started) / 1_000_000;
                started = System.nanoTime();
                store.download("records/" + round + "/original", dir.resolve("original"));
                long downloadMillis = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("BENCH seal copy: 1 GiB on S3Proxy (filesystem), round %d: copy %d ms, then the download convert does %d ms%n",
                        round, copyMillis, downloadMillis);
                Files.delete(dir.resolve("original"));
                store.delete("records/" + round + "/original");
            }
        }
    }

    private static InputStream zeros() {
        return new InputStream() {
            private long left = SIZE;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }
}
