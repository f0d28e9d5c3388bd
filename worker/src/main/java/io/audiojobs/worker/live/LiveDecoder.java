package io.audiojobs.worker.live;

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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decodes one live session while it records. A MediaRecorder timeslice chunk does not decode on its
 * own, only the stream from its first byte does; so the chunks go, in sequence order and as they
 * arrive, into one ffmpeg process ({@link PcmDecoder}), whose PCM is cut at pauses
 * ({@link VoiceActivityCutter}). Each piece is stored as a WAV, recorded, and handed to a
 * transcription job on any worker.
 *
 * <p>Safe to run again after a crash: it decodes from the first chunk once more, cuts at the same
 * places, and only stores and enqueues pieces that are not there yet (piece ids and job ids are
 * derived from the session and the piece's index). It holds one chunk, one piece and a page of
 * sequence numbers at a time, so its memory does not grow with the session. It ends when the
 * session is sealed and every stored chunk is decoded; a sealed session's missing chunks are
 * skipped, as the assembled record skips them.
 */
final class LiveDecoder {
    private static final Logger log = LoggerFactory.getLogger(LiveDecoder.class);
    private static final int PAGE = 100;
    private static final long WAIT_MILLIS = 1_000;
    private static final long PROGRESS_EVERY_SAMPLES = 2L * VoiceActivityCutter.SAMPLE_RATE;

    /** The session was deleted while it was decoded. */
    static final class SessionGone extends RuntimeException {
        SessionGone(UUID id) {
            super("live session " + id + " was deleted", null, false, false);
        }
    }

    private final UUID sessionId;
    private final Jdbi jdbi;
    private final ObjectStore store;
    private final LiveJobs jobs;
    private final PcmDecoder.Limits ffmpeg;
    private final Object wake = new Object();
    private volatile boolean stopping;
    private volatile PcmDecoder running;

    LiveDecoder(UUID sessionId, Jdbi jdbi, ObjectStore store, LiveJobs jobs, PcmDecoder.Limits ffmpeg) {
        this.sessionId = sessionId;
        this.jdbi = jdbi;
        this.store = store;
        this.jobs = jobs;
        this.ffmpeg = ffmpeg;
    }

    /** A chunk arrived or the session was sealed: look again now rather than at the next poll. */
    void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** Stops decoding (lost lease, node shutting down); {@link #run} then returns or throws soon. */
    void stop() {
        stopping = true;
        wake();
        PcmDecoder decoder = running;
        if (decoder != null) {
            decoder.close();
        }
    }

    /** Decodes the whole session; returns once it is done (and marked so), throws if decoding failed. */
    void run() throws Exception {
        Optional<LiveSession> session = session();
        if (session.isEmpty() || session.get().decoderDoneAt() != null) {
            return;
        }
        VoiceActivityCutter cutter = new VoiceActivityCutter(this::piece);
        AtomicReference<Throwable> feedFailure = new AtomicReference<>();
        try (PcmDecoder decoder = new PcmDecoder(ffmpeg, session.get().container())) {
            running = decoder;
            Thread feeder = Thread.ofVirtual().name("live-feed-" + sessionId).start(() -> {
                try (OutputStream in = decoder.input()) {
                    feed(in);
                } catch (Throwable e) {
                    feedFailure.set(e);
                    decoder.close();
                }
            });
            readPcm(decoder.pcm(), cutter);
            feeder.join();
            int exit = decoder.awaitExit();
            if (stopping) {
                return;
            }
            decoder.throwIfStopped(); // killed past its drain or stall limit: a failed attempt, retried
            if (feedFailure.get() instanceof SessionGone gone) {
                throw gone;
            }
            if (feedFailure.get() != null) {
                throw new IOException("feeding the live decoder failed: " + feedFailure.get().getMessage(), feedFailure.get());
            }
            if (exit != 0) {
                throw new IOException("ffmpeg could not decode the stream (exit " + exit + "): " + decoder.errors());
            }
        } finally {
            running = null;
        }
        cutter.finish();
        long decodedMs = cutter.samplesSeen() * 1000 / VoiceActivityCutter.SAMPLE_RATE;
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE live_sessions SET decoded_ms = :ms, decoder_done_at = now(), decoder_error = NULL
                        WHERE id = :id""")
                .bind("ms", decodedMs).bind("id", sessionId).execute());
        log.info("live session {}: decoded {} ms into {} pieces", sessionId, decodedMs,
                jdbi.withExtension(LivePieceDao.class, dao -> dao.count(sessionId)));
    }

    private void readPcm(InputStream pcm, VoiceActivityCutter cutter) throws IOException {
        byte[] buffer = new byte[16_384];
        int filled = 0;
        long reportedAt = 0;
        int n;
        while (!stopping && (n = pcm.read(buffer, filled, buffer.length - filled)) >= 0) {
            filled += n;
            int whole = filled & ~1;
            cutter.accept(buffer, whole);
            if (filled > whole) {
                buffer[0] = buffer[whole]; // half a sample: keep it for the next read
            }
            filled -= whole;
            if (cutter.samplesSeen() - reportedAt >= PROGRESS_EVERY_SAMPLES) {
                reportedAt = cutter.samplesSeen();
                long ms = reportedAt * 1000 / VoiceActivityCutter.SAMPLE_RATE;
                jdbi.useHandle(h -> h.createUpdate("UPDATE live_sessions SET decoded_ms = GREATEST(decoded_ms, :ms) WHERE id = :id")
                        .bind("ms", ms).bind("id", sessionId).execute());
            }
        }
    }

    /** Writes the stored chunks into ffmpeg in sequence order, waiting for the ones not there yet. */
    private void feed(OutputStream in) throws IOException, InterruptedException {
        Long next = null;
        boolean sealedSeen = false;
        while (!stopping) {
            long from = next == null ? Long.MIN_VALUE : next;
            List<Long> page = jdbi.withExtension(LiveChunkDao.class, dao -> dao.sequencesFrom(sessionId, from, PAGE));
            if (next == null && !page.isEmpty()) {
                next = page.getFirst();
            }
            int fed = 0;
            for (long sequence : page) {
                if (sequence != next) {
                    break;
                }
                try (InputStream chunk = store.read(LiveKeys.chunk(sessionId, sequence))) {
                    chunk.transferTo(in);
                }
                in.flush();
                next = sequence + 1;
                fed++;
            }
            if (fed > 0) {
                continue;
            }
            if (sealedSeen) {
                if (page.isEmpty()) {
                    return; // sealed, and every stored chunk is in: the end of the stream
                }
                next = page.getFirst(); // a chunk that never came: skipped, as the assembled record skips it
                continue;
            }
            LiveSession session = session().orElseThrow(() -> new SessionGone(sessionId));
            if (session.sealedAt() != null) {
                sealedSeen = true; // look once more: chunks stored before the seal are all visible now
                continue;
            }
            synchronized (wake) {
                wake.wait(WAIT_MILLIS);
            }
        }
    }

    /** A piece was cut: store its WAV and row unless an earlier decode did, and make sure it is transcribed. */
    private void piece(VoiceActivityCutter.Piece cut) {
        UUID id = LivePieceDao.pieceId(sessionId, cut.index());
        Optional<LivePiece> known = jdbi.withExtension(LivePieceDao.class, dao -> dao.find(id));
        if (known.isEmpty()) {
            store.putBytes(LiveKeys.piece(sessionId, cut.index()), "audio/wav", PieceWav.of(cut.samples()));
            jdbi.useExtension(LivePieceDao.class, dao -> dao.insert(id, sessionId, cut.index(), cut.startMs(), cut.endMs()));
            known = jdbi.withExtension(LivePieceDao.class, dao -> dao.find(id));
        }
        LivePiece piece = known.orElseThrow(() -> new SessionGone(sessionId));
        if (piece.status().equals(LivePiece.PENDING)) {
            jobs.transcribe(piece, piece.version()); // the job id is derived: enqueueing it again adds nothing
        }
    }

    private Optional<LiveSession> session() {
        return jdbi.withExtension(LiveSessionDao.class, dao -> dao.find(sessionId));
    }

    UUID sessionId() {
        return sessionId;
    }
}
