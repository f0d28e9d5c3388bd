package io.audiojobs.api.events;

import io.javalin.http.sse.SseClient;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

import java.io.IOException;

/** Writes an outbox's messages to one server-sent-event client, and drops its connection when told. */
final class SseSender implements ClientOutbox.Client<SseMessage> {
    private final SseClient client;

    SseSender(SseClient client) {
        this.client = client;
    }

    @Override
    public void send(SseMessage message) {
        if (message.event() == null) {
            client.sendComment(message.data());
        } else {
            client.sendEvent(message.event(), message.data());
        }
        if (message.last()) {
            client.close();
        }
    }

    /**
     * Aborts the HTTP exchange: Jetty closes the connection, which also fails a write blocked on a
     * client that stopped reading. Then the stream ends as any other (its close callback runs).
     */
    @Override
    public void abort() {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(client.ctx().req());
        if (request != null) {
            request.getServletChannel().abort(new IOException("event-stream client fell behind"));
        }
        client.close();
    }
}
