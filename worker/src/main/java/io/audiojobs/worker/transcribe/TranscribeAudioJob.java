package io.audiojobs.worker.transcribe;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.jobs.JobWork;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.jobs.TranscribeAudio;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.renditions.RenditionDao;
import io.audiojobs.shared.renditions.RenditionKind;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.shared.transcripts.TranscriptStore;
import io.audiojobs.shared.transcripts.TranscriptionRun;
import io.audiojobs.shared.transcripts.TranscriptionRunDao;
import io.audiojobs.worker.pipeline.StepRunner;
import io.audiojobs.worker.pipeline.WorkDir;
import io.audiojobs.worker.transcribe.chunks.ChunkSpan;
import io.audiojobs.worker.transcribe.chunks.PauseSplitter;
import io.audiojobs.worker.transcribe.chunks.SplitSettings;
import io.audiojobs.worker.transcribe.chunks.WavSlicer;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Step 2, speech-to-text. A recording up to its engine's chunk length is transcribed here in one
 * go. A longer one is cut at pauses into chunk WAVs (stored in S3), and one job per chunk is
 * enqueued with a deterministic id; whichever worker finishes the last chunk merges them and moves
 * the pipeline on ({@link TranscribeChunkJob}).
 */
public final class TranscribeAudioJob implements JobWork<TranscribeAudio> {
    private final Jdbi jdbi;
    private final ObjectStore store;
    private final SpeechEngines engines;
    private final AppConfig.Stt config;
    private final StepRunner steps;
    private final PipelineJobs jobs;
    private final WorkDir workDir;

    public TranscribeAudioJob(Jdbi jdbi, ObjectStore store, SpeechEngines engines, AppConfig.Stt config, StepRunner steps,
                              PipelineJobs jobs, WorkDir workDir) {
        this.jdbi = jdbi;
        this.store = store;
        this.engines = engines;
        this.config = config;
        this.steps = steps;
        this.jobs = jobs;
        this.workDir = workDir;
    }

    @Override
    public void run(TranscribeAudio request, JobContext context) throws Exception {
        steps.run(request.recordId(), request.run(), StepName.TRANSCRIBE, context,
                (record, progress) -> transcribe(record, request.run(), progress));
    }

    public static String chunkKey(long recordId, int run, int index) {
        return "records/" + recordId + "/chunks/" + run + "/" + index + ".wav";
    }

    private StepRunner.Outcome transcribe(Record record, int run, StepRunner.ProgressReporter progress) throws Exception {
        TranscriptionRun plan = ensureRun(record, run);
        if (plan.mergedAt() != null) {
            return StepRunner.Outcome.FINISHED; // a re-run after the transcript was saved: only the hand-over is left
        }
        SpeechToText engine = engines.get(plan.engine());
        Duration chunkLength = config.chunkLength(plan.engine());
        List<TranscriptChunk> chunks = jdbi.withExtension(TranscriptChunkDao.class, dao -> dao.list(record.id(), run));
        if (chunks.isEmpty() && record.audioDurationMs() != null && record.audioDurationMs() <= chunkLength.toMillis()) {
            try (WorkDir.Scratch scratch = workDir.scratch("transcribe-" + record.id())) {
                Path wav = download(record, scratch);
                progress.report(20);
                Transcript transcript = engine.transcribe(wav, new TranscriptionRequest(plan.language(), plan.model()));
                jdbi.useTransaction(h -> {
                    TranscriptStore.save(h, record.id(), run, transcript);
                    h.attach(TranscriptionRunDao.class).setChunkCount(record.id(), run, 1);
                    h.attach(TranscriptionRunDao.class).markMerged(record.id(), run);
                });
            }
            return StepRunner.Outcome.FINISHED;
        }
        if (chunks.isEmpty()) {
            chunks = cut(record, run, chunkLength);
        }
        progress.report(5);
        for (TranscriptChunk chunk : chunks) {
            jobs.enqueueChunk(record.id(), record.jobId(), run, chunk.idx());
        }
        return StepRunner.Outcome.CONTINUES_ELSEWHERE;
    }

    /** Run 1 is planned here from the defaults; later runs were planned by the retranscribe request. */
    private TranscriptionRun ensureRun(Record record, int run) {
        return jdbi.withExtension(TranscriptionRunDao.class, dao -> {
            dao.create(record.id(), run, engines.defaultEngine(), null, record.language());
            return dao.find(record.id(), run).orElseThrow();
        });
    }

    private List<TranscriptChunk> cut(Record record, int run, Duration chunkLength) throws Exception {
        try (WorkDir.Scratch scratch = workDir.scratch("split-" + record.id())) {
            Path wav = download(record, scratch);
            List<ChunkSpan> spans = new PauseSplitter(SplitSettings.forMaxChunk(chunkLength)).split(wav);
            WavSlicer slicer = new WavSlicer();
            for (ChunkSpan span : spans) {
                Path slice = scratch.path("chunk-" + span.index() + ".wav");
                slicer.write(wav, span, slice);
                String key = chunkKey(record.id(), run, span.index());
                store.putFile(key, slice, "audio/wav");
                jdbi.useExtension(TranscriptChunkDao.class,
                        dao -> dao.create(record.id(), run, span.index(), span.startMs(), span.endMs(), key));
            }
            jdbi.useExtension(TranscriptionRunDao.class, dao -> dao.setChunkCount(record.id(), run, spans.size()));
        }
        return jdbi.withExtension(TranscriptChunkDao.class, dao -> dao.list(record.id(), run));
    }

    private Path download(Record record, WorkDir.Scratch scratch) {
        String key = jdbi.withExtension(RenditionDao.class, dao -> dao.find(record.id(), RenditionKind.NORMALIZED_WAV))
                .orElseThrow(() -> new IllegalStateException("record " + record.id() + " has no normalized WAV yet"))
                .objectKey();
        Path wav = scratch.path("normalized.wav");
        store.download(key, wav);
        return wav;
    }
}
