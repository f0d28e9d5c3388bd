package io.audiojobs.api.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one push client (a server-sent-event stream, a WebSocket) has yet to receive: a small
 * bounded queue drained by the client's own virtual thread, so a write that blocks on a client
 * that stopped reading blocks only that client's sender. Producers never wait: a client whose
 * queue is full has fallen too far behind and is disconnected; it reconnects and gets the current
 * state anew.
 */
public final class ClientOutbox<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClientOutbox.class);

    /** The client's side of an outbox. */
    public interface Client<T> {
        /** Writes one message, on the outbox's own sender thread; may block while the client reads slowly. */
        void send(T message) throws Exception;

        /**
         * Drops the connection at once, without writing or waiting: called from any thread when the
         * client overflows or a send fails, so it must also wake a send blocked on the same client.
         */
        void abort();
    }

    /** Wakes the sender when the outbox closes (an interrupt would also break a write Jetty is finishing). */
    private static final Object STOP = new Object();

    private final String name;
    private final BlockingQueue<Object> queue;
    private final Client<T> client;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean aborted = new AtomicBoolean();

    public ClientOutbox(String name, int capacity, Client<T> client) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.client = client;
        Thread.ofVirtual().name("outbox-" + name).start(this::drain);
    }

    /**
     * Queues a message without waiting. False when the outbox is closed, or was full: then the
     * client is disconnected.
     */
    public boolean offer(T message) {
        if (closed.get()) {
            return false;
        }
        if (queue.offer(message)) {
            return true;
        }
        log.info("push client {} fell {} messages behind; disconnecting it", name, queue.size());
        abort();
        return false;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** Stops the sender; what is still queued is not sent. The connection is the client's to end. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            queue.offer(STOP);
        }
    }

    /** Stops the sender and drops the connection (once, however often it is asked). */
    public void abort() {
        close();
        if (!aborted.compareAndSet(false, true)) {
            return;
        }
        try {
            client.abort();
        } catch (RuntimeException e) {
            log.debug("aborting push client {} failed: {}", name, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private void drain() {
        try {
            while (true) {
                Object next = queue.take();
                if (next == STOP || closed.get()) {
                    return;
                }
                client.send((T) next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("sending to push client {} failed: {}", name, e.getMessage());
            abort();
        }
    }
}
