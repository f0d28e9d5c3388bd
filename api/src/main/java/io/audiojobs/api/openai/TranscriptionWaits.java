package io.audiojobs.api.openai;

import io.audiojobs.api.events.RecordEvents;
import io.audiojobs.shared.pipeline.Pipeline;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Requests waiting for their record's transcript, without a thread each: a future per record,
 * completed when PostgreSQL NOTIFY says the record changed (through {@link RecordEvents}) and a
 * look at the record shows its transcript saved, or its processing failed. A waiting request
 * costs a map entry and a future; the look runs on a virtual thread, off the listener's.
 */
public final class TranscriptionWaits implements RecordEvents.ChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TranscriptionWaits.class);
    /** The record's progress once its transcript is saved (the transcribe step's share is used up). */
    private static final int TRANSCRIBED = Pipeline.stage(StepName.TRANSCRIBE).to();

    private final LongFunction<Optional<Record>> records;
    private final Map<Long, CompletableFuture<Record>> waiting = new ConcurrentHashMap<>();
    private final ExecutorService looks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("openai-wait-", 0).factory());

    public TranscriptionWaits(LongFunction<Optional<Record>> records) {
        this.records = records;
    }

    /**
     * Completes with the record once its transcript is saved or it FAILED; exceptionally with a
     * TimeoutException after {@code atMost}, or NoSuchElementException if it is deleted meanwhile.
     * Cancelling it stops the wait (never the record).
     */
    public CompletableFuture<Record> await(long recordId, Duration atMost) {
        CompletableFuture<Record> done = new CompletableFuture<>();
        if (waiting.putIfAbsent(recordId, done) != null) {
            throw new IllegalStateException("record " + recordId + " is waited for already");
        }
        done.whenComplete((r, e) -> waiting.remove(recordId, done));
        done.orTimeout(atMost.toMillis(), TimeUnit.MILLISECONDS);
        look(recordId); // it may have got there before we listened
        return done;
    }

    public int waitingCount() {
        return waiting.size();
    }

    @Override
    public void changed(Set<Long> recordIds) {
        for (long id : recordIds) {
            if (waiting.containsKey(id)) {
                look(id);
            }
        }
    }

    @Override
    public void mayHaveMissedChanges() {
        waiting.keySet().forEach(this::look);
    }

    private void look(long recordId) {
        looks.execute(() -> {
            CompletableFuture<Record> done = waiting.get(recordId);
            if (done == null) {
                return;
            }
            try {
                Optional<Record> record = records.apply(recordId);
                if (record.isEmpty()) {
                    done.completeExceptionally(new NoSuchElementException("record " + recordId + " was deleted"));
                } else if (isTranscribedOrOver(record.get())) {
                    done.complete(record.get());
                }
            } catch (RuntimeException e) {
                // a database blip must not fail the wait: look again in a moment (until the wait ends)
                log.debug("looking at record {} failed: {}", recordId, e.getMessage());
                CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> look(recordId));
            }
        });
    }

    static boolean isTranscribedOrOver(Record record) {
        return record.status().isFinal() || record.status() == RecordStatus.ANALYZING || record.progress() >= TRANSCRIBED;
    }

    @Override
    public void close() {
        looks.shutdownNow();
        waiting.values().forEach(f -> f.cancel(false));
    }
}
