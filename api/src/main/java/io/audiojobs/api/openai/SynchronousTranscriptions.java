package io.audiojobs.api.openai;

import io.audiojobs.api.openai.TranscriptionRendering.Rendered;
import io.audiojobs.api.records.DirectUploadForm;
import io.audiojobs.api.records.RecordService;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordStatus;
import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.shared.transcripts.TranscriptStore;
import io.audiojobs.shared.transcripts.TranscriptionRunDao;
import io.audiojobs.shared.uploads.Upload;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A transcription call as a record of the caller's: made from the uploaded file with the engine and
 * model the request named, run by the normal pipeline on the workers, answered once its transcript
 * is saved (the analysis goes on after). Past OPENAI_COMPAT_MAX_WAIT the answer is an error naming
 * the record, which completes anyway; a client that goes away does not cancel it either.
 */
public final class SynchronousTranscriptions {
    /** A call whose record is made and queued. */
    public record Started(long recordId, TranscriptionOptions options) {}

    private final RecordService records;
    private final TranscriptStore transcripts;
    private final TranscriptionWaits waits;
    private final Duration maxWait;

    public SynchronousTranscriptions(RecordService records, TranscriptStore transcripts, TranscriptionWaits waits, Duration maxWait) {
        this.records = records;
        this.transcripts = transcripts;
        this.waits = waits;
        this.maxWait = maxWait;
    }

    /** Makes the record and plans its first transcription run with the engine and model asked for, in one transaction. */
    public Started start(String user, DirectUploadForm.Parsed form, TranscriptionOptions options) {
        Upload upload = form.upload();
        NewRecord request = new NewRecord(upload.filename(), upload.id(), options.language(), null, null, false, null);
        Record record = records.create(user, request, (h, created) -> h.attach(TranscriptionRunDao.class)
                .create(created.id(), 1, options.model().engine(), options.model().model(), options.language()));
        return new Started(record.id(), options);
    }

    /**
     * Waits for the record without a thread, then hands the rendered transcript to {@code write}.
     * Cancelling the returned future (Javalin does when the client is gone) ends the wait, not the record.
     */
    public CompletableFuture<Void> answer(Started started, Consumer<Rendered> write) {
        CompletableFuture<Record> done = waits.await(started.recordId(), maxWait);
        CompletableFuture<Void> answered = done.handle((record, failure) -> {
            if (failure != null) {
                throw waitFailed(started.recordId(), failure);
            }
            return render(record, started.options());
        }).thenAccept(write);
        answered.whenComplete((r, e) -> done.cancel(false));
        return answered;
    }

    private Rendered render(Record record, TranscriptionOptions options) {
        Optional<Transcript> transcript = transcripts.find(record.id());
        boolean failedBeforeTranscript = record.status() == RecordStatus.FAILED
                && !StepName.ANALYZE.key().equals(record.failedStep());
        if (failedBeforeTranscript || transcript.isEmpty()) {
            throw failed(record);
        }
        long durationMs = record.audioDurationMs() != null ? record.audioDurationMs()
                : transcript.get().segments().stream().mapToLong(Transcript.Segment::endMs).max().orElse(0);
        return TranscriptionRendering.render(transcript.get(), durationMs, options);
    }

    private static OpenAiError failed(Record record) {
        if (StepName.CONVERT.key().equals(record.failedStep())) {
            return new OpenAiError(400, "UNUSABLE_AUDIO", "file", "The file could not be used as audio (record "
                    + record.id() + "): " + record.failedReason(), record.id());
        }
        return new OpenAiError(500, "TRANSCRIPTION_FAILED", null, "Record " + record.id() + " failed at its "
                + record.failedStep() + " step: " + record.failedReason(), record.id());
    }

    private RuntimeException waitFailed(long recordId, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return switch (cause) {
            case TimeoutException t -> new OpenAiError(504, "STILL_PROCESSING", null, "Record " + recordId
                    + " is not transcribed after " + maxWait.toSeconds() + " s (OPENAI_COMPAT_MAX_WAIT). It completes anyway: "
                    + "follow GET /api/v1/records/" + recordId + "/job-status, then read GET /api/v1/records/" + recordId
                    + "/transcript.", recordId);
            case NoSuchElementException n -> new OpenAiError(404, "RECORD_NOT_FOUND", null, "Record " + recordId
                    + " was deleted before its transcript was ready.", recordId);
            case CancellationException c -> c;
            case RuntimeException r -> r;
            default -> new IllegalStateException(cause);
        };
    }
}
