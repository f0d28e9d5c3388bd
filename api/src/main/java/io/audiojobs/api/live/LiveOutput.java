package io.audiojobs.api.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.api.events.ClientOutbox;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsContext;

/**
 * What a live connection sends its client, in order, through a bounded {@link ClientOutbox}: a
 * client that stops reading is disconnected once {@link #CAPACITY} messages wait for it, never
 * buffered without end nor waited for by the thread that produced the message.
 */
final class LiveOutput {
    /**
     * Messages that may wait for one client. A reading client's outbox holds a handful: acks follow the
     * chunks it sends one by one, and a session's events come a few per second at most.
     */
    static final int CAPACITY = 64;

    private final ClientOutbox<LiveSender.Outgoing> outbox;
    private final ObjectMapper json;
    private volatile boolean closed;

    LiveOutput(WsContext ws, ObjectMapper json) {
        this.outbox = new ClientOutbox<>("live-" + ws.sessionId(), CAPACITY, new LiveSender(ws));
        this.json = json;
    }

    /** Queues a message for the client without waiting; nothing once the socket has closed. */
    void send(Object message) {
        if (closed) {
            return;
        }
        try {
            outbox.offer(new LiveSender.Text(json.writeValueAsString(message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the socket once what was queued before has been sent. */
    void close(WsCloseStatus status, String reason) {
        outbox.offer(new LiveSender.Close(status, reason));
    }

    /** Authentication failed: an error saying so, then a close with 1008 (policy violation). */
    void refuse(String message) {
        send(LiveError.of("UNAUTHORIZED", message).message());
        close(WsCloseStatus.POLICY_VIOLATION, "unauthorized");
    }

    /** The socket has closed: nothing more is sent. */
    void closed() {
        closed = true;
        outbox.close();
    }
}
