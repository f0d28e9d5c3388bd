package io.audiojobs.api.events;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ClientOutboxTest {

    /** A client whose writes block until it is aborted, as a socket nobody reads. */
    private static final class StalledClient implements ClientOutbox.Client<String> {
        final CountDownLatch aborted = new CountDownLatch(1);
        final AtomicInteger aborts = new AtomicInteger();
        final CountDownLatch firstSendStarted = new CountDownLatch(1);

        @Override
        public void send(String message) throws Exception {
            firstSendStarted.countDown();
            aborted.await();
            throw new java.io.IOException("connection aborted");
        }

        @Override
        public void abort() {
            aborts.incrementAndGet();
            aborted.countDown();
        }
    }

    @Test
    void offering_to_a_client_that_does_not_read_never_blocks_and_overflow_disconnects_it() throws Exception {
        StalledClient client = new StalledClient();
        ClientOutbox<String> outbox = new ClientOutbox<>("stalled", 4, client);
        outbox.offer("first");
        assertThat(client.firstSendStarted.await(5, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        int accepted = 0;
        while (outbox.offer("more")) {
            accepted++;
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(accepted).isEqualTo(4);
        assertThat(client.aborts.get()).isEqualTo(1);
        assertThat(outbox.isOpen()).isFalse();
        assertThat(outbox.offer("after")).isFalse();
    }

    @Test
    void a_client_that_reads_gets_every_message_in_order() {
        List<String> received = new CopyOnWriteArrayList<>();
        ClientOutbox<String> outbox = new ClientOutbox<>("reader", 8, new ClientOutbox.Client<>() {
            @Override
            public void send(String message) {
                received.add(message);
            }

            @Override
            public void abort() {
                throw new AssertionError("a reading client is never aborted");
            }
        });
        for (int i = 0; i < 1000; i++) {
            assertThat(outbox.offer("m" + i)).isTrue();
            if (i % 8 == 7) { // a full queue's worth, then let the client catch up
                int sent = i + 1;
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> received.size() == sent);
            }
        }
        assertThat(received).startsWith("m0", "m1", "m2").endsWith("m999");
        assertThat(outbox.isOpen()).isTrue();
        outbox.close();
    }

    @Test
    void a_failed_send_disconnects_the_client() {
        AtomicInteger aborts = new AtomicInteger();
        ClientOutbox<String> outbox = new ClientOutbox<>("broken", 8, new ClientOutbox.Client<>() {
            @Override
            public void send(String message) throws Exception {
                throw new java.io.IOException("broken pipe");
            }

            @Override
            public void abort() {
                aborts.incrementAndGet();
            }
        });
        outbox.offer("one");
        await().atMost(Duration.ofSeconds(5)).until(() -> !outbox.isOpen());
        assertThat(aborts.get()).isEqualTo(1);
    }
}
