package io.audiojobs.api.live;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.records.KnownModels;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.live.LiveChunkDao;
import io.audiojobs.shared.live.LiveJobs;
import io.audiojobs.shared.live.LiveKeys;
import io.audiojobs.shared.live.LivePiece;
import io.audiojobs.shared.live.LivePieceDao;
import io.audiojobs.shared.live.LiveSession;
import io.audiojobs.shared.live.LiveSessionDao;
import io.audiojobs.shared.storage.ObjectStore;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Live sessions as the WebSocket and the REST view use them. Everything a session is lives in
 * PostgreSQL and S3, never in an API node, so any node can serve any session and a node that dies
 * loses nothing it acknowledged. Lookups return empty for another user's session: callers answer
 * "not found" in their own protocol.
 */
public final class LiveSessions {
    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);
    /** A resumed session reports at most this many missing sequences at once. */
    static final int MISSING_REPORTED = 1000;

    private final Jdbi jdbi;
    private final ObjectStore store;
    private final LiveJobs jobs;
    private final AppConfig.Live limits;
    private final KnownModels models;

    public LiveSessions(Jdbi jdbi, ObjectStore store, LiveJobs jobs, AppConfig.Live limits, KnownModels models) {
        this.jdbi = jdbi;
        this.store = store;
        this.jobs = jobs;
        this.limits = limits;
        this.models = models;
    }

    /**
     * The language and model a session or a retranscription names, the same on the socket and in the
     * REST view: well formed (400 VALIDATION_FAILED), and a model the engine that transcribes live
     * pieces has here (400 UNKNOWN_MODEL, naming those there are). Absent values are fine.
     */
    void requireLanguageAndModel(String language, String model) {
        LiveFields.problem(language, model).ifPresent(problem -> {
            throw ApiError.badRequest("VALIDATION_FAILED", problem);
        });
        models.require(model);
    }

    AppConfig.Live limits() {
        return limits;
    }

    /** A new session, or empty when the user already records LIVE_MAX_SESSIONS_PER_USER sessions. */
    Optional<LiveSession> start(String user, String title, String language, String model, String mimeType) {
        return jdbi.withExtension(LiveSessionDao.class, dao -> dao.start(UUID.randomUUID(), user, title, language, model,
                mimeType, limits.sessionsPerUser()));
    }

    public Optional<LiveSession> owned(String user, UUID id) {
        return jdbi.withExtension(LiveSessionDao.class, dao -> dao.find(id)).filter(s -> s.isOwnedBy(user));
    }

    /**
     * Stores a chunk: its bytes in S3 first, then its row, so a row always means the bytes are there.
     * The session must be the caller's (checked by the caller once per connection). What is refused
     * writes nothing: a duplicate keeps the bytes stored first, a chunk for a stopped or deleted
     * session or out of the session's range never reaches S3. The range is checked here, against
     * what is stored, because another connection may have stored chunks this one's tracker never saw.
     */
    LiveChunkDao.Stored storeChunk(UUID sessionId, long sequence, byte[] audio, Long clientTimestamp) {
        Optional<LiveChunkDao.Admission> admission = jdbi.withHandle(h -> LiveChunkDao.admission(h, sessionId, sequence));
        if (admission.isEmpty() || !admission.get().open()) {
            return LiveChunkDao.Stored.SESSION_SEALED;
        }
        if (admission.get().stored()) {
            return LiveChunkDao.Stored.DUPLICATE;
        }
        Long first = admission.get().first();
        if (first != null) { // what is stored so far; the count of missing ones is the connection's to bound
            switch (SequenceTracker.range(first, admission.get().last(), 0, sequence)) {
                case BEFORE_START -> throw LiveError.beforeStart(first).about(sessionId, sequence);
                case TOO_FAR_AHEAD -> throw LiveError.tooFarAhead().about(sessionId, sequence);
                default -> { }
            }
        }
        String key = LiveKeys.chunk(sessionId, sequence);
        store.putBytes(key, "application/octet-stream", audio);
        LiveChunkDao.Stored stored = jdbi.withHandle(h -> LiveChunkDao.insert(h, sessionId, sequence, audio.length, clientTimestamp));
        if (stored == LiveChunkDao.Stored.SESSION_SEALED && !jdbi.withHandle(h -> LiveChunkDao.exists(h, sessionId, sequence))) {
            store.delete(key); // sealed between the two statements: these bytes belong to no row
        }
        return stored;
    }

    /** Asks the session to stop (the first request wins) and enqueues the job that turns it into a record. */
    void stop(UUID sessionId) {
        jdbi.useExtension(LiveSessionDao.class, dao -> dao.requestStop(sessionId, "client"));
        jobs.finish(sessionId);
    }

    /**
     * Where a resumed session stands: the last stored sequence and the ones missing before it, all of
     * them up to {@link SequenceTracker#MAX_MISSING} ({@code complete} says whether that was all).
     */
    record Progress(Optional<LiveChunkDao.Extent> extent, List<Long> missing, boolean complete) {
        Long lastSequence() {
            return extent.map(LiveChunkDao.Extent::last).orElse(null);
        }

        /** What a client is told is missing at once: the first {@link #MISSING_REPORTED}. */
        List<Long> reported() {
            return missing.subList(0, Math.min(missing.size(), MISSING_REPORTED));
        }

        SequenceTracker tracker() {
            return SequenceTracker.resumed(extent, missing, complete);
        }
    }

    Progress progress(UUID sessionId) {
        return jdbi.withExtension(LiveChunkDao.class, dao -> {
            Optional<LiveChunkDao.Extent> extent = dao.extent(sessionId);
            List<Long> missing = extent.filter(LiveChunkDao.Extent::hasGaps)
                    .map(e -> dao.missing(sessionId, SequenceTracker.MAX_MISSING + 1)).orElse(List.of());
            boolean complete = missing.size() <= SequenceTracker.MAX_MISSING;
            return new Progress(extent, complete ? missing : missing.subList(0, SequenceTracker.MAX_MISSING), complete);
        });
    }

    public LiveViews.SessionView view(LiveSession session) {
        return LiveViews.SessionView.of(session, pieces(session.id()));
    }

    public List<LivePiece> pieces(UUID sessionId) {
        return jdbi.withExtension(LivePieceDao.class, dao -> dao.list(sessionId));
    }

    public Optional<LivePiece> piece(UUID id) {
        return jdbi.withExtension(LivePieceDao.class, dao -> dao.find(id));
    }

    public Optional<LivePiece> pieceAt(UUID sessionId, int index) {
        return jdbi.withExtension(LivePieceDao.class, dao -> dao.findByIndex(sessionId, index));
    }

    public LiveViews.SessionList list(String user, int limit, int offset) {
        return jdbi.withHandle(h -> {
            LiveSessionDao sessions = h.attach(LiveSessionDao.class);
            LivePieceDao pieces = h.attach(LivePieceDao.class);
            List<LiveViews.SessionSummary> page = new ArrayList<>();
            for (LiveSession s : sessions.listByOwner(user, limit, offset)) {
                page.add(new LiveViews.SessionSummary(s.id(), s.title(), s.createdAt(), s.status(), s.decodedMs(),
                        pieces.count(s.id()), s.recordId()));
            }
            return new LiveViews.SessionList(page, sessions.countByOwner(user));
        });
    }

    /** Starts another transcription of the piece and enqueues it; the piece as it is now (pending). */
    public LivePiece retranscribe(LivePiece piece, String language, String model) {
        int version = jdbi.withExtension(LivePieceDao.class, dao -> dao.retranscribe(piece.id(), language, model))
                .orElseThrow();
        LivePiece pending = piece(piece.id()).orElseThrow();
        jobs.transcribe(pending, version);
        return pending;
    }

    /**
     * Deletes the session, its chunks and pieces (rows and objects). A record it became stays: it is
     * the user's record now, deleted on its own.
     */
    public void delete(LiveSession session) {
        UUID id = session.id();
        List<String> keys = new ArrayList<>();
        jdbi.useHandle(h -> {
            LiveChunkDao chunks = h.attach(LiveChunkDao.class);
            long from = Long.MIN_VALUE;
            List<Long> page;
            while (!(page = chunks.sequencesFrom(id, from, 1000)).isEmpty()) {
                page.forEach(seq -> keys.add(LiveKeys.chunk(id, seq)));
                from = page.getLast() + 1;
            }
            h.attach(LivePieceDao.class).list(id).forEach(p -> keys.add(LiveKeys.piece(id, p.index())));
        });
        if (session.recordId() == null) {
            keys.add(LiveKeys.assembled(id, session.container()));
        }
        jdbi.useExtension(LiveSessionDao.class, dao -> dao.delete(id));
        for (String key : keys) {
            try {
                store.delete(key);
            } catch (RuntimeException e) {
                log.warn("object {} of deleted live session {} not deleted now ({}); the cleanup job will", key, id, e.getMessage());
                jdbi.useHandle(h -> h.createUpdate("INSERT INTO object_deletions (object_key) VALUES (:key) ON CONFLICT DO NOTHING")
                        .bind("key", key).execute());
            }
        }
    }
}
