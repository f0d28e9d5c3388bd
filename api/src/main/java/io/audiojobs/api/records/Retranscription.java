package io.audiojobs.api.records;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.pipeline.Pipeline;
import io.audiojobs.shared.pipeline.ProcessingStepDao;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.renditions.RenditionDao;
import io.audiojobs.shared.renditions.RenditionKind;
import io.audiojobs.shared.transcripts.TranscriptionRunDao;
import org.jdbi.v3.core.Jdbi;


/**
 * POST /records/{id}/retranscribe: a new transcription run (another language, engine or model)
 * followed by a new analysis. The current transcript stays readable until the new one replaces
 * it in a single statement; jobs of the older run stop when they see the newer run.
 */
public final class Retranscription {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Retranscription.class);

    public record Request(String language, String engine, String model) {}

    private final Jdbi jdbi;
    private final RecordService records;
    private final PipelineJobs jobs;
    private final KnownModels models;

    public Retranscription(Jdbi jdbi, RecordService records, PipelineJobs jobs, KnownModels models) {
        this.jdbi = jdbi;
        this.records = records;
        this.jobs = jobs;
        this.models = models;
    }

    public Record start(String user, long id, Request request) {
        String engine = request.engine() == null ? models.defaultEngine() : request.engine().toLowerCase(java.util.Locale.ROOT);
        if (!AppConfig.Stt.ENGINES.contains(engine)) {
            throw ApiError.badRequest("VALIDATION_FAILED", "engine must be vosk or openai.");
        }
        if (request.language() != null && !request.language().matches("[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})?")) {
            throw ApiError.badRequest("VALIDATION_FAILED", "language must be a language code like 'en' or 'en-US'.");
        }
        if (request.model() != null && (request.model().isBlank() || request.model().length() > 100)) {
            throw ApiError.badRequest("VALIDATION_FAILED", "model must be 1-100 characters.");
        }
        models.require(engine, request.model());
        records.requireOwned(user, id);
        Record started = jdbi.inTransaction(h -> {
            Record record = h.attach(RecordDao.class).lock(id).orElseThrow();
            if (!record.status().isFinal()) {
                throw ApiError.conflict("RECORD_BUSY", "Record " + id + " is still being processed (" + record.status() + ").");
            }
            if (h.attach(RenditionDao.class).find(id, RenditionKind.NORMALIZED_WAV).isEmpty()) {
                throw ApiError.conflict("NOT_CONVERTED", "Record " + id + " has no converted audio to transcribe: " + record.failedReason());
            }
            int run = record.transcriptionRun() + 1;
            String language = request.language() != null ? request.language() : record.language();
            h.attach(TranscriptionRunDao.class).create(id, run, engine, request.model(), language);
            h.attach(ProcessingStepDao.class).reset(id, StepName.TRANSCRIBE.key());
            h.attach(ProcessingStepDao.class).reset(id, StepName.ANALYZE.key());
            h.attach(RecordDao.class).startTranscriptionRun(id, run, Pipeline.stage(StepName.TRANSCRIBE).from());
            return h.attach(RecordDao.class).find(id).orElseThrow();
        });
        try {
            jobs.enqueue(id, started.jobId(), StepName.TRANSCRIBE, started.transcriptionRun());
            jdbi.useExtension(RecordDao.class, dao -> dao.setJobEnqueued(id, true));
        } catch (RuntimeException e) {
            // committed, so accepted: the housekeeping job enqueues what was missed
            log.warn("enqueue of run {} of record {} failed", started.transcriptionRun(), id, e);
        }
        return started;
    }
}
