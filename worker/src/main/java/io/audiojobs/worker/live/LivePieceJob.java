package io.audiojobs.worker.live;

import io.audiojobs.shared.jobs.JobWork;
import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.shared.live.LiveKeys;
import io.audiojobs.shared.live.LivePiece;
import io.audiojobs.shared.live.LivePieceDao;
import io.audiojobs.shared.live.LiveSession;
import io.audiojobs.shared.live.LiveSessionDao;
import io.audiojobs.shared.live.TranscribeLivePiece;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.shared.transcripts.TranscriptStore;
import io.audiojobs.worker.pipeline.WorkDir;
import io.audiojobs.worker.transcribe.SpeechEngines;
import io.audiojobs.worker.transcribe.TranscriptMerger;
import io.audiojobs.worker.transcribe.TranscriptionRequest;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Transcribes one piece of a live session on whichever worker is free. The result is stored with
 * the piece (times from the session's start), which NOTIFYs the API node holding the session's
 * socket: it sends chunk_transcribed. Running it twice stores the same result; a job of a version a
 * retranscription superseded does nothing. When no retry is left the piece is marked failed, which
 * the client hears of the same way.
 */
public final class LivePieceJob implements JobWork<TranscribeLivePiece> {
    private final Jdbi jdbi;
    private final ObjectStore store;
    private final SpeechEngines engines;
    private final WorkDir workDir;
    private final int retriesAfterFirst;

    public LivePieceJob(Jdbi jdbi, ObjectStore store, SpeechEngines engines, WorkDir workDir, int retriesAfterFirst) {
        this.jdbi = jdbi;
        this.store = store;
        this.engines = engines;
        this.workDir = workDir;
        this.retriesAfterFirst = retriesAfterFirst;
    }

    @Override
    public void run(TranscribeLivePiece request, JobContext context) throws Exception {
        Optional<LivePiece> started = jdbi.withExtension(LivePieceDao.class,
                dao -> dao.startTranscribing(request.pieceId(), request.version()));
        if (started.isEmpty()) {
            return; // deleted, done already, or superseded by a retranscription
        }
        LivePiece piece = started.get();
        try {
            Transcript transcript = transcribe(piece);
            jdbi.useExtension(LivePieceDao.class, dao -> dao.complete(piece.id(), piece.version(), transcript.text().strip(),
                    TranscriptStore.write(transcript)));
        } catch (Exception e) {
            if (e instanceof PermanentJobFailure || context.amountOfFailures() >= retriesAfterFirst) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                jdbi.useExtension(LivePieceDao.class, dao -> dao.fail(piece.id(), piece.version(), reason));
            }
            throw e;
        }
    }

    private Transcript transcribe(LivePiece piece) throws Exception {
        LiveSession session = jdbi.withExtension(LiveSessionDao.class, dao -> dao.find(piece.sessionId())).orElseThrow(
                () -> new PermanentJobFailure("live session " + piece.sessionId() + " is gone"));
        String language = piece.language() != null ? piece.language() : session.language();
        String model = piece.model() != null ? piece.model() : session.model();
        try (WorkDir.Scratch scratch = workDir.scratch("live-piece-" + piece.id())) {
            Path wav = scratch.path("piece.wav");
            store.download(LiveKeys.piece(piece.sessionId(), piece.index()), wav);
            Transcript result = engines.get(engines.defaultEngine()).transcribe(wav, new TranscriptionRequest(language, model));
            return TranscriptMerger.shift(result, piece.startMs());
        }
    }
}
