package io.audiojobs.embedded;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.storage.ObjectInfo;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.audiojobs.shared.storage.StorageUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HEAD, which record creation signs and sends without the SDK's pipeline, against a real S3 server. */
class S3ObjectStoreHeadTest {
    private static final String ACCESS_KEY = "head-test";
    private static final String SECRET_KEY = "head-test-secret";
    private static EmbeddedS3Server server;
    private static S3ObjectStore store;

    @BeforeAll
    static void start() {
        server = EmbeddedS3Server.start(null, 0, ACCESS_KEY, SECRET_KEY);
        store = new S3ObjectStore(config(server.endpoint(), SECRET_KEY));
        store.ensureBucket();
    }

    @AfterAll
    static void stop() {
        store.close();
        server.close();
    }

    @Test
    void sizeTypeAndEtagOfAStoredObjectWhateverItsKey() {
        String key = "uploads/a b+c/ünï & co=1%.wav";
        store.putStream(key, "audio/wav", new ByteArrayInputStream(new byte[1234]), 10_000);

        // a single PUT's ETag is the MD5 of its bytes, quoted
        assertThat(store.head(key)).hasValue(new ObjectInfo(1234, "audio/wav", "\"" + md5Hex(new byte[1234]) + "\""));
    }

    @Test
    void nothingForAKeyThatWasNeverStored() {
        assertThat(store.head("uploads/never-sent.wav")).isEmpty();
    }

    @Test
    void repeatedHeadsKeepWorkingOnKeptAliveConnections() {
        store.putStream("uploads/again.wav", "audio/wav", new ByteArrayInputStream(new byte[10]), 100);
        for (int i = 0; i < 50; i++) {
            assertThat(store.head("uploads/again.wav")).map(ObjectInfo::sizeBytes).hasValue(10L);
            assertThat(store.head("uploads/missing-" + i + ".wav")).isEmpty();
        }
    }

    @Test
    void aWrongSecretIsAConfigurationFaultNotAMissingObject() {
        store.putStream("uploads/guarded.wav", "audio/wav", new ByteArrayInputStream(new byte[10]), 100);
        try (S3ObjectStore forged = new S3ObjectStore(config(server.endpoint(), "not-the-secret"))) {
            assertThatThrownBy(() -> forged.head("uploads/guarded.wav"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("403");
        }
    }

    @Test
    void anUnreachableServerIsStorageUnavailable() {
        try (S3ObjectStore nowhere = new S3ObjectStore(config(URI.create("http://127.0.0.1:1"), SECRET_KEY))) {
            assertThatThrownBy(() -> nowhere.head("uploads/any.wav")).isInstanceOf(StorageUnavailableException.class);
        }
    }

    private static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AppConfig.S3 config(URI endpoint, String secret) {
        return new AppConfig.S3(endpoint, endpoint, "us-east-1", "head-test-bucket", ACCESS_KEY, secret);
    }
}
