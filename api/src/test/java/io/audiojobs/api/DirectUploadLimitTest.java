package io.audiojobs.api;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.uploads.UploadService;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.uploads.Upload;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A node streams only as many direct uploads at once as its heap holds (two part buffers each):
 * one more is refused with 503 UPLOADS_BUSY and Retry-After and leaves nothing behind, and the slot
 * frees when the upload in flight ends.
 */
class DirectUploadLimitTest {
    private final ApiHarness api = ApiHarness.shared();

    @Test
    void an_upload_beyond_the_limit_is_refused_busy_and_stores_nothing_until_the_slot_frees() throws Exception {
        AppConfig.Limits l = api.config.limits();
        UploadService uploads = new UploadService(api.database().jdbi(), api.store(), new AppConfig.Limits(l.maxUploadBytes(),
                l.maxDuration(), l.orphanUploadTtl(), l.cleanupInterval(), l.presignTtl(), l.multipartThresholdBytes(),
                l.multipartPartBytes(), l.writesPerMinute(), 1, l.eventStreamsPerUser(), l.eventStreamsPerNode()));
        byte[] audio = TestAudio.wav(1);
        SlowBody slow = new SlowBody(audio);
        CompletableFuture<Upload> inFlight = CompletableFuture.supplyAsync(
                () -> uploads.storeDirect(ApiHarness.newUser(), "slow.wav", "audio/wav", slow));
        assertThat(slow.halfRead.await(10, TimeUnit.SECONDS)).as("the slow upload started streaming").isTrue();

        String refusedUser = ApiHarness.newUser();
        ApiError refused = catchThrowableOfType(ApiError.class,
                () -> uploads.storeDirect(refusedUser, "a.wav", "audio/wav", new ByteArrayInputStream(audio)));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.code()).isEqualTo("UPLOADS_BUSY");
        assertThat(refused.retryAfterSeconds()).isEqualTo(5);
        int stored = api.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM uploads WHERE owner_id = ?")
                .bind(0, refusedUser).mapTo(Integer.class).one());
        assertThat(stored).isZero();

        slow.rest.countDown();
        assertThat(inFlight.get(30, TimeUnit.SECONDS).sizeBytes()).isEqualTo(audio.length);
        Upload after = uploads.storeDirect(ApiHarness.newUser(), "a.wav", "audio/wav", new ByteArrayInputStream(audio));
        assertThat(after.sizeBytes()).isEqualTo(audio.length);
    }

    @Test
    void by_default_a_node_takes_as_many_as_half_its_heap_holds_and_at_least_two() {
        AppConfig.Limits l = api.config.limits();
        assertThat(l.directUploadsAtOnce()).isZero();
        long expected = Math.max(2, Runtime.getRuntime().maxMemory() / 2 / (16L << 20));
        assertThat(UploadService.directUploadsAtOnce(l)).isEqualTo(expected);
    }

    /** A client on a slow line: the first half of the file at once, the rest when told. */
    private static final class SlowBody extends InputStream {
        final CountDownLatch halfRead = new CountDownLatch(1);
        final CountDownLatch rest = new CountDownLatch(1);
        private final byte[] bytes;
        private int position;

        SlowBody(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (position == bytes.length / 2) {
                halfRead.countDown();
                try {
                    rest.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            if (position >= bytes.length) {
                return -1;
            }
            int end = position < bytes.length / 2 ? bytes.length / 2 : bytes.length;
            int n = Math.min(length, end - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }
    }
}
