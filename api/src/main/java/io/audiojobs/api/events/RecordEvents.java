package io.audiojobs.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.api.records.RecordService;
import io.audiojobs.api.records.RecordViews;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.db.PostgresListener;
import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pushes a record's job-status to its server-sent-event subscribers on this API node. Workers
 * change records; a trigger NOTIFYs the record id; every API node LISTENs, so any node can serve
 * any subscriber. Each change is read once per record, not once per subscriber. Events: "progress"
 * while it runs, then "completed" or "failed", after which the stream ends.
 */
public final class RecordEvents implements AutoCloseable {
    public static final String CHANNEL = "audiojobs_record_changed";
    private static final Logger log = LoggerFactory.getLogger(RecordEvents.class);
    private static final long KEEP_ALIVE_SECONDS = 15;

    /** Hears of record changes besides the event streams (e.g. requests waiting for a transcript). */
    public interface ChangeListener {
        /** Records that changed; called on the listener thread, so return quickly. */
        void changed(Set<Long> recordIds);

        /** Listening (again): changes may have been missed meanwhile. */
        void mayHaveMissedChanges();
    }

    private final RecordService records;
    private final ObjectMapper json;
    private final Map<Long, Set<SseClient>> subscribers = new ConcurrentHashMap<>();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final PostgresListener listener;
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sse-keepalive").daemon().factory());

    public RecordEvents(AppConfig.Database database, RecordService records, ObjectMapper json) {
        this.records = records;
        this.json = json;
        this.listener = new PostgresListener(database, CHANNEL, "record events listener", new PostgresListener.Handler() {
            @Override
            public void onNotifications(List<String> payloads) {
                Set<Long> changed = new HashSet<>();
                payloads.forEach(p -> changed.add(Long.parseLong(p)));
                listeners.forEach(l -> l.changed(Set.copyOf(changed)));
                changed.retainAll(subscribers.keySet());
                changed.forEach(RecordEvents.this::publish);
            }

            @Override
            public void onListening() {
                subscribers.keySet().forEach(RecordEvents.this::publish); // changes missed while not listening
                listeners.forEach(ChangeListener::mayHaveMissedChanges);
            }
        });
    }

    public RecordEvents start() {
        listener.start();
        keepAlive.scheduleAtFixedRate(this::keepAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    /** Streams the record's status to the client: its current state at once, then every change. */
    public void subscribe(long recordId, SseClient client) {
        client.keepAlive();
        subscribers.computeIfAbsent(recordId, id -> ConcurrentHashMap.newKeySet()).add(client);
        client.onClose(() -> unsubscribe(recordId, client));
        publish(recordId);
    }

    public void addListener(ChangeListener listener) {
        listeners.add(listener);
    }

    public int subscriberCount() {
        return subscribers.values().stream().mapToInt(Set::size).sum();
    }

    private void publish(long recordId) {
        Set<SseClient> clients = subscribers.get(recordId);
        if (clients == null || clients.isEmpty()) {
            return;
        }
        var record = records.find(recordId);
        if (record.isEmpty()) { // deleted meanwhile
            clients.forEach(SseClient::close);
            subscribers.remove(recordId);
            return;
        }
        RecordViews.JobStatus status = records.jobStatus(record.get());
        String event = switch (status.status()) {
            case "COMPLETED" -> "completed";
            case "FAILED" -> "failed";
            default -> "progress";
        };
        String data = write(status);
        for (SseClient client : clients) {
            if (client.terminated()) {
                unsubscribe(recordId, client);
                continue;
            }
            client.sendEvent(event, data);
            if (!event.equals("progress")) {
                client.close();
            }
        }
    }

    private void unsubscribe(long recordId, SseClient client) {
        subscribers.computeIfPresent(recordId, (id, set) -> {
            set.remove(client);
            return set.isEmpty() ? null : set;
        });
    }

    private void keepAlive() {
        try {
            subscribers.values().forEach(set -> set.forEach(c -> c.sendComment("keep-alive")));
        } catch (RuntimeException e) {
            log.debug("keep-alive to an SSE client failed: {}", e.getMessage());
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        keepAlive.shutdownNow();
        listener.close();
        subscribers.values().forEach(set -> set.forEach(SseClient::close));
    }
}
