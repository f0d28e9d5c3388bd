package io.audiojobs.worker.transcribe;

import com.fasterxml.jackson.core.type.TypeReference;
import io.audiojobs.shared.jobs.JobWork;
import io.audiojobs.shared.jobs.TranscribeChunk;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.shared.transcripts.TranscriptStore;
import io.audiojobs.shared.transcripts.TranscriptionRun;
import io.audiojobs.shared.transcripts.TranscriptionRunDao;
import io.audiojobs.worker.pipeline.StepRunner;
import io.audiojobs.worker.pipeline.WorkDir;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One chunk of a long recording. Its result is stored with the chunk (running it twice stores the
 * same result twice, not two results). Then, under a row lock on the run, whoever sees every chunk
 * done merges them in order into the record's transcript — exactly once — and moves the pipeline on.
 */
public final class TranscribeChunkJob implements JobWork<TranscribeChunk> {
    private static final Logger log = LoggerFactory.getLogger(TranscribeChunkJob.class);

    private final Jdbi jdbi;
    private final ObjectStore store;
    private final SpeechEngines engines;
    private final StepRunner steps;
    private final WorkDir workDir;
    private final String node;

    public TranscribeChunkJob(Jdbi jdbi, ObjectStore store, SpeechEngines engines, StepRunner steps, WorkDir workDir,
                              String node) {
        this.jdbi = jdbi;
        this.store = store;
        this.engines = engines;
        this.steps = steps;
        this.workDir = workDir;
        this.node = node;
    }

    @Override
    public void run(TranscribeChunk request, JobContext context) throws Exception {
        Optional<Record> current = steps.current(request.recordId(), request.run(), "chunk " + request.index());
        if (current.isEmpty()) {
            return;
        }
        Record record = current.get();
        try {
            Optional<TranscriptChunk> chunk = jdbi.withExtension(TranscriptChunkDao.class,
                    dao -> dao.start(request.recordId(), request.run(), request.index()));
            if (chunk.isEmpty()) {
                return;
            }
            if (!"COMPLETED".equals(chunk.get().status())) {
                transcribe(record, chunk.get());
            }
            reportProgress(record, request.run());
            if (mergeIfLast(record.id(), request.run())) {
                steps.finish(record, StepName.TRANSCRIBE);
                deleteChunkObjects(record.id(), request.run());
            }
        } catch (Exception e) {
            throw steps.failed(record.id(), StepName.TRANSCRIBE, context, e);
        }
    }

    private void transcribe(Record record, TranscriptChunk chunk) throws Exception {
        TranscriptionRun plan = jdbi.withExtension(TranscriptionRunDao.class, dao -> dao.find(record.id(), chunk.run())).orElseThrow();
        try (WorkDir.Scratch scratch = workDir.scratch("chunk-" + record.id() + "-" + chunk.idx())) {
            Path wav = scratch.path("chunk.wav");
            store.download(chunk.objectKey(), wav);
            Transcript result = engines.get(plan.engine()).transcribe(wav, new TranscriptionRequest(
                    plan.language(), plan.model()));
            Transcript shifted = TranscriptMerger.shift(result, chunk.startMs());
            jdbi.useExtension(TranscriptChunkDao.class,
                    dao -> dao.complete(record.id(), chunk.run(), chunk.idx(), TranscriptStore.write(shifted), node));
        }
    }

    private void reportProgress(Record record, int run) {
        int total = jdbi.withExtension(TranscriptionRunDao.class, dao -> dao.find(record.id(), run))
                .map(TranscriptionRun::chunkCount).orElse(1);
        int done = jdbi.withExtension(TranscriptChunkDao.class, dao -> dao.completed(record.id(), run));
        steps.progress(record.id(), StepName.TRANSCRIBE, 5 + 90 * done / Math.max(1, total));
    }

    /** True when the run's transcript is saved (by this call or an earlier one). */
    private boolean mergeIfLast(long recordId, int run) {
        // resolved before the transaction: naming the model may load the engine, not work to do under a row lock
        TranscriptionRun planned = jdbi.withExtension(TranscriptionRunDao.class, dao -> dao.find(recordId, run)).orElseThrow();
        String model = planned.model() != null ? planned.model() : engines.get(planned.engine()).defaultModel();
        return jdbi.inTransaction(h -> {
            TranscriptionRun plan = h.attach(TranscriptionRunDao.class).lock(recordId, run).orElseThrow();
            if (plan.mergedAt() != null) {
                return true;
            }
            TranscriptChunkDao chunks = h.attach(TranscriptChunkDao.class);
            if (plan.chunkCount() == null || chunks.completed(recordId, run) < plan.chunkCount()) {
                return false;
            }
            List<Transcript> parts = chunks.results(recordId, run).stream()
                    .map(json -> TranscriptStore.read(json, new TypeReference<Transcript>() {}))
                    .toList();
            Transcript merged = TranscriptMerger.merge(parts, plan.engine(), model);
            TranscriptStore.save(h, recordId, run, merged);
            h.attach(TranscriptionRunDao.class).markMerged(recordId, run);
            return true;
        });
    }

    private void deleteChunkObjects(long recordId, int run) {
        for (TranscriptChunk chunk : jdbi.withExtension(TranscriptChunkDao.class, dao -> dao.list(recordId, run))) {
            try {
                store.delete(chunk.objectKey());
            } catch (RuntimeException e) {
                log.warn("chunk object {} not deleted ({}); cleanup will remove it", chunk.objectKey(), e.getMessage());
            }
        }
    }
}
