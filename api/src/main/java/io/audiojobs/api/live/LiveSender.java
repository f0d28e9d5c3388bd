package io.audiojobs.api.live;

import io.audiojobs.api.events.ClientOutbox;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.websocket.api.Callback;

import java.util.concurrent.ExecutionException;

/**
 * Writes a live connection's outbox to its WebSocket, one message at a time, each written before
 * the next: Jetty's own {@code sendText} queues without bound behind a client that stopped reading,
 * so only waiting here lets the outbox see that client fall behind and drop it.
 */
final class LiveSender implements ClientOutbox.Client<LiveSender.Outgoing> {

    /** What a live connection sends: a JSON message, or a close after what came before it. */
    sealed interface Outgoing {}

    record Text(String json) implements Outgoing {}

    record Close(WsCloseStatus status, String reason) implements Outgoing {}

    private final WsContext ws;

    LiveSender(WsContext ws) {
        this.ws = ws;
    }

    @Override
    public void send(Outgoing message) throws InterruptedException, ExecutionException {
        switch (message) {
            case Text text -> {
                var written = new Callback.Completable();
                ws.session.sendText(text.json(), written);
                written.get();
            }
            case Close close -> ws.closeSession(close.status(), close.reason());
        }
    }

    /** Drops the connection without a close handshake; a write waiting on the client fails at once. */
    @Override
    public void abort() {
        ws.session.disconnect();
    }
}
