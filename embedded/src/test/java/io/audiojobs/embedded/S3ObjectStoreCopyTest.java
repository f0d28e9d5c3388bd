package io.audiojobs.embedded;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.storage.ObjectInfo;
import io.audiojobs.shared.storage.S3ObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The conditional copy that seals a record's upload, against a real S3 server: server-side with
 * CopySourceIfMatch, and above the server-side limit (0 here) read with If-Match and streamed back.
 */
class S3ObjectStoreCopyTest {
    private static final String ACCESS_KEY = "copy-test";
    private static final String SECRET_KEY = "copy-test-secret";
    private static EmbeddedS3Server server;
    private static S3ObjectStore serverSide;
    private static S3ObjectStore throughHere;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = EmbeddedS3Server.start(null, 0, ACCESS_KEY, SECRET_KEY);
        var config = new AppConfig.S3(server.endpoint(), server.endpoint(), "us-east-1", "copy-test-bucket", ACCESS_KEY, SECRET_KEY);
        serverSide = new S3ObjectStore(config);
        throughHere = new S3ObjectStore(config, 0);
        serverSide.ensureBucket();
    }

    @AfterAll
    static void stop() {
        serverSide.close();
        throughHere.close();
        server.close();
    }

    @ParameterizedTest(name = "server-side copy: {0}")
    @ValueSource(booleans = {true, false})
    void copies_the_object_while_it_has_the_given_etag(boolean serverSideCopy) throws Exception {
        S3ObjectStore store = serverSideCopy ? serverSide : throughHere;
        byte[] bytes = bytes(3000, 1);
        String source = put(bytes);
        String etag = serverSide.head(source).map(ObjectInfo::etag).orElseThrow();
        String target = "records/" + UUID.randomUUID() + "/original";

        assertThat(store.copyIfMatch(source, target, etag, bytes.length)).isTrue();

        assertThat(read(target)).isEqualTo(bytes);
        assertThat(serverSide.head(target)).map(ObjectInfo::contentType).hasValue("audio/wav");
    }

    @ParameterizedTest(name = "server-side copy: {0}")
    @ValueSource(booleans = {true, false})
    void copies_nothing_once_the_object_was_replaced(boolean serverSideCopy) {
        S3ObjectStore store = serverSideCopy ? serverSide : throughHere;
        String source = put(bytes(3000, 1));
        String first = serverSide.head(source).map(ObjectInfo::etag).orElseThrow();
        serverSide.putStream(source, "audio/wav", new ByteArrayInputStream(bytes(3000, 2)), 10_000);
        String target = "records/" + UUID.randomUUID() + "/original";

        assertThat(store.copyIfMatch(source, target, first, 3000)).isFalse();

        assertThat(serverSide.head(target)).isEmpty();
    }

    @ParameterizedTest(name = "server-side copy: {0}")
    @ValueSource(booleans = {true, false})
    void a_missing_source_is_an_error_not_a_changed_one(boolean serverSideCopy) {
        S3ObjectStore store = serverSideCopy ? serverSide : throughHere;
        assertThatThrownBy(() -> store.copyIfMatch("uploads/" + UUID.randomUUID() + ".wav", "records/x/original", "\"0\"", 10))
                .hasMessageContaining("404");
    }

    private static byte[] bytes(int length, int fill) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    private static String put(byte[] bytes) {
        String key = "uploads/" + UUID.randomUUID() + ".wav";
        serverSide.putStream(key, "audio/wav", new ByteArrayInputStream(bytes), 10_000);
        return key;
    }

    private byte[] read(String key) throws Exception {
        Path file = dir.resolve(UUID.randomUUID().toString());
        serverSide.download(key, file);
        return Files.readAllBytes(file);
    }
}
