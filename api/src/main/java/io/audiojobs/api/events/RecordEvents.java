package io.audiojobs.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.api.records.RecordService;
import io.audiojobs.api.records.RecordViews;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.db.PostgresListener;
import io.javalin.http.sse.SseClient;

import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes a record's job-status to its server-sent-event subscribers on this API node. Workers
 * change records; a trigger NOTIFYs the record id; every API node LISTENs, so any node can serve
 * any subscriber. Each change is read once per record, not once per subscriber. Events: "progress"
 * while it runs, then "completed" or "failed", after which the stream ends.
 *
 * <p>The listener thread never writes to a client: it hands each event to the client's
 * {@link ClientOutbox}, whose own thread writes it, so a client that stops reading delays no other
 * one, and is disconnected once it falls {@value #OUTBOX_CAPACITY} events behind.
 *
 * <p>A player subscribes with {@code followPlayback}: it also gets "playback" events (the owner's
 * resume point, whenever any of their devices writes it: payload {@code playback:<id>} on the same
 * channel), through the same outbox, and its stream stays open after the record is done.
 */
public final class RecordEvents implements AutoCloseable {
    public static final String CHANNEL = "audiojobs_record_changed";
    private static final String PLAYBACK_PREFIX = "playback:";
    private static final long KEEP_ALIVE_SECONDS = 15;
    /** Events a client may fall behind; each is a whole status, so a client that reconnects loses nothing. */
    static final int OUTBOX_CAPACITY = 16;

    private final RecordService records;
    private final ObjectMapper json;
    private final Map<Long, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    /** Per record: a status is read and queued under its lock, so no client gets an older one after a newer. */
    private final Object[] recordLocks = new Object[64];
    private final AtomicLong clientIds = new AtomicLong();
    private final PlaybackFeed playback;
    private final PostgresListener listener;
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sse-keepalive").daemon().factory());

    /** The resume point a "playback" event carries: the record owner's, read when it changed. */
    @FunctionalInterface
    public interface PlaybackFeed {
        Optional<?> resumePointOf(long recordId);
    }

    private record Subscriber(SseClient client, ClientOutbox<SseMessage> outbox, boolean followPlayback) {}

    public RecordEvents(AppConfig.Database database, RecordService records, ObjectMapper json, PlaybackFeed playback) {
        this.records = records;
        this.json = json;
        this.playback = playback;
        for (int i = 0; i < recordLocks.length; i++) {
            recordLocks[i] = new Object();
        }
        this.listener = new PostgresListener(database, CHANNEL, "record events listener", new PostgresListener.Handler() {
            @Override
            public void onNotifications(List<String> payloads) {
                Set<Long> changed = new HashSet<>();
                Set<Long> played = new HashSet<>();
                payloads.forEach(p -> {
                    if (p.startsWith(PLAYBACK_PREFIX)) {
                        played.add(Long.parseLong(p.substring(PLAYBACK_PREFIX.length())));
                    } else {
                        changed.add(Long.parseLong(p));
                    }
                });
                changed.retainAll(subscribers.keySet());
                changed.forEach(RecordEvents.this::publish);
                played.retainAll(subscribers.keySet());
                played.forEach(RecordEvents.this::publishPlayback);
            }

            @Override
            public void onListening() {
                subscribers.keySet().forEach(RecordEvents.this::publish); // changes missed while not listening
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
        subscribe(recordId, client, false, () -> { });
    }

    /**
     * As {@link #subscribe(long, SseClient)}; with {@code followPlayback} also the resume point, at
     * once and on every write, and the stream stays open once the record is done. {@code onClosed}
     * runs once when the stream ends, however it ends.
     */
    public void subscribe(long recordId, SseClient client, boolean followPlayback, Runnable onClosed) {
        client.keepAlive();
        var outbox = new ClientOutbox<>("sse-" + recordId + "-" + clientIds.incrementAndGet(), OUTBOX_CAPACITY,
                new SseSender(client));
        Subscriber subscriber = new Subscriber(client, outbox, followPlayback);
        client.onClose(() -> {
            unsubscribe(recordId, subscriber);
            outbox.close();
            onClosed.run();
        });
        subscribers.computeIfAbsent(recordId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
        publish(recordId, Set.of(subscriber));
        if (followPlayback) {
            publishPlayback(recordId, Set.of(subscriber));
        }
    }

    public int subscriberCount() {
        return subscribers.values().stream().mapToInt(Set::size).sum();
    }

    private void publish(long recordId) {
        Set<Subscriber> clients = subscribers.get(recordId);
        if (clients != null) {
            publish(recordId, clients);
        }
    }

    private void publish(long recordId, Set<Subscriber> clients) {
        synchronized (recordLocks[Long.hashCode(recordId) & (recordLocks.length - 1)]) {
            if (clients.isEmpty()) {
                return;
            }
            var record = records.find(recordId);
            if (record.isEmpty()) { // deleted meanwhile
                clients.forEach(s -> s.client().close());
                return;
            }
            RecordViews.JobStatus status = records.jobStatus(record.get());
            String event = switch (status.status()) {
                case "COMPLETED" -> "completed";
                case "FAILED" -> "failed";
                default -> "progress";
            };
            String data = write(status);
            boolean done = !event.equals("progress");
            SseMessage ending = SseMessage.event(event, data, done);
            SseMessage continuing = SseMessage.event(event, data, false);
            for (Subscriber subscriber : clients) {
                if (subscriber.client().terminated()) {
                    unsubscribe(recordId, subscriber);
                } else {
                    subscriber.outbox().offer(subscriber.followPlayback() ? continuing : ending);
                }
            }
        }
    }

    private void publishPlayback(long recordId) {
        Set<Subscriber> clients = subscribers.get(recordId);
        if (clients != null) {
            publishPlayback(recordId, clients);
        }
    }

    /** Under the record's lock too: a slower read of an older resume point is never queued after a newer one. */
    private void publishPlayback(long recordId, Set<Subscriber> clients) {
        synchronized (recordLocks[Long.hashCode(recordId) & (recordLocks.length - 1)]) {
            List<Subscriber> followers = clients.stream().filter(Subscriber::followPlayback).toList();
            if (followers.isEmpty()) {
                return;
            }
            var point = playback.resumePointOf(recordId);
            if (point.isEmpty()) {
                return;
            }
            SseMessage message = SseMessage.event("playback", write(point.get()), false);
            for (Subscriber subscriber : followers) {
                if (subscriber.client().terminated()) {
                    unsubscribe(recordId, subscriber);
                } else {
                    subscriber.outbox().offer(message);
                }
            }
        }
    }

    private void unsubscribe(long recordId, Subscriber subscriber) {
        subscribers.computeIfPresent(recordId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    private void keepAlive() {
        SseMessage comment = SseMessage.comment("keep-alive");
        subscribers.values().forEach(set -> set.forEach(s -> s.outbox().offer(comment)));
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
        subscribers.values().forEach(set -> set.forEach(s -> s.client().close()));
    }
}
