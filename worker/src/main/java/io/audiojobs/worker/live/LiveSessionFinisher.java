package io.audiojobs.worker.live;

import io.audiojobs.shared.jobs.JobWork;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.live.FinishLiveSession;
import io.audiojobs.shared.live.LiveChunkDao;
import io.audiojobs.shared.live.LiveContainer;
import io.audiojobs.shared.live.LiveKeys;
import io.audiojobs.shared.live.LiveSession;
import io.audiojobs.shared.live.LiveSessionDao;
import io.audiojobs.shared.pipeline.Pipeline;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.storage.ObjectTooLargeException;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.shared.uploads.UploadMethod;
import io.audiojobs.shared.uploads.UploadStatus;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a stopped live session into a record. It waits a short grace for missing chunks to be
 * resent, seals the session (no chunk is accepted after that), streams the stored chunks in sequence
 * order into one S3 object, and registers that as an upload of the session's owner from which the
 * record is created by the same statement POST /records uses; the pipeline (convert, transcribe,
 * analyze) then runs on it like on any upload. Safe to run again: a session that has its record is
 * left alone, and until it has one the assembly is simply redone (same key, same bytes).
 */
public final class LiveSessionFinisher implements JobWork<FinishLiveSession> {
    private static final Logger log = LoggerFactory.getLogger(LiveSessionFinisher.class);
    private static final Duration GAP_POLL = Duration.ofMillis(250);

    private final Jdbi jdbi;
    private final ObjectStore store;
    private final PipelineJobs pipeline;
    private final Duration gapGrace;
    private final long maxBytes;
    private final int retriesAfterFirst;
    private final Clock clock;

    public LiveSessionFinisher(Jdbi jdbi, ObjectStore store, PipelineJobs pipeline, Duration gapGrace, long maxBytes,
                               int retriesAfterFirst, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.pipeline = pipeline;
        this.gapGrace = gapGrace;
        this.maxBytes = maxBytes;
        this.retriesAfterFirst = retriesAfterFirst;
        this.clock = clock;
    }

    @Override
    public void run(FinishLiveSession request, JobContext context) throws Exception {
        try {
            finish(request.sessionId());
        } catch (Exception e) {
            if (context.amountOfFailures() >= retriesAfterFirst) {
                fail(request.sessionId(), "The recording could not be assembled: " + e.getMessage());
            }
            throw e;
        }
    }

    /** The record made of the session, or empty when it has none (deleted, not stopped, nothing received). */
    public Optional<Long> finish(UUID sessionId) throws InterruptedException {
        Optional<LiveSession> found = session(sessionId);
        if (found.isEmpty() || found.get().recordId() != null || !found.get().isRecording()) {
            return found.map(LiveSession::recordId);
        }
        LiveSession session = found.get();
        if (!session.isStopping()) {
            log.warn("live session {} was not asked to stop; nothing to finish", sessionId);
            return Optional.empty();
        }
        awaitResends(session);
        jdbi.useExtension(LiveSessionDao.class, dao -> dao.seal(sessionId));
        Optional<LiveChunkDao.Extent> extent = jdbi.withExtension(LiveChunkDao.class, dao -> dao.extent(sessionId));
        if (extent.isEmpty()) {
            fail(sessionId, "No audio was received.");
            return Optional.empty();
        }
        LiveContainer container = session.container();
        String key = LiveKeys.assembled(sessionId, container);
        long size;
        try (ChunkStream chunks = new ChunkStream(jdbi, store, sessionId, extent.get().first(), extent.get().last())) {
            size = store.putStream(key, container.contentType(), chunks, maxBytes);
        } catch (ObjectTooLargeException e) {
            fail(sessionId, "The recording is larger than the limit of " + maxBytes + " bytes.");
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (extent.get().hasGaps()) {
            log.warn("live session {} assembled without its missing chunks ({} of {} stored)", sessionId,
                    extent.get().stored(), extent.get().last() - extent.get().first() + 1);
        }
        // bound to the version stored now, like a direct upload: convert copies exactly it to records/{id}/original
        String etag = store.head(key).map(io.audiojobs.shared.storage.ObjectInfo::etag).orElse(null);
        Record record = createRecord(session, key, container, size, etag);
        try {
            pipeline.enqueue(record.id(), record.jobId(), Pipeline.first(), 1);
        } catch (RuntimeException e) {
            log.warn("record {} of live session {}: enqueue failed; housekeeping will enqueue it", record.id(), sessionId, e);
        }
        return Optional.of(record.id());
    }

    /** Waits until no chunk between the first and the last is missing, or the grace after the stop is over. */
    private void awaitResends(LiveSession session) throws InterruptedException {
        Instant deadline = session.stopRequestedAt().plus(gapGrace);
        while (clock.instant().isBefore(deadline)) {
            boolean gaps = jdbi.withExtension(LiveChunkDao.class, dao -> dao.extent(session.id()))
                    .map(LiveChunkDao.Extent::hasGaps).orElse(false);
            if (!gaps) {
                return;
            }
            Thread.sleep(GAP_POLL.toMillis());
        }
    }

    /** The upload, the record and the session's link to it in one transaction: all of them or none. */
    private Record createRecord(LiveSession session, String key, LiveContainer container, long size, String etag) {
        UUID pipelineId = UUID.randomUUID();
        return jdbi.inTransaction(h -> {
            LiveSession locked = h.attach(LiveSessionDao.class).lock(session.id()).orElseThrow();
            if (locked.recordId() != null) {
                return RecordDao.find(h, locked.recordId()).orElseThrow();
            }
            Instant now = clock.instant();
            var upload = h.attach(UploadDao.class).insert(session.ownerId(), key,
                    "live-" + session.id() + "." + container.extension(), container.contentType(), size, null,
                    UploadMethod.DIRECT, null, null, UploadStatus.UPLOADED, null, now, now, etag);
            Record record = RecordDao.create(h, session.ownerId(),
                    new NewRecord(session.title(), upload.id(), session.language(), null, null, false, null), pipelineId)
                    .orElseThrow(() -> new IllegalStateException("the record of upload " + upload.id() + " was not created"));
            h.attach(LiveSessionDao.class).complete(session.id(), record.id());
            return record;
        });
    }

    private Optional<LiveSession> session(UUID id) {
        return jdbi.withExtension(LiveSessionDao.class, dao -> dao.find(id));
    }

    private void fail(UUID sessionId, String reason) {
        jdbi.useExtension(LiveSessionDao.class, dao -> dao.fail(sessionId, reason));
    }
}
