package io.audiojobs.worker.convert;

import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.shared.jobs.ConvertAudio;
import io.audiojobs.shared.jobs.JobWork;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.playback.HlsJobs;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.renditions.RenditionDao;
import io.audiojobs.shared.renditions.RenditionKind;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.uploads.Upload;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.worker.pipeline.StepRunner;
import io.audiojobs.worker.pipeline.WorkDir;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Step 1: seal the upload (the record's own copy of the version it was made of, {@link OriginalSeal}),
 * fetch that copy, validate it with ffprobe (bad input fails at once, never retried), then write the
 * 16 kHz mono WAV the later steps read, the MP3 rendition and the waveform peaks.
 * Object keys are fixed per record, so a re-run overwrites instead of adding objects. The HLS
 * rendition is a job of its own, enqueued once the MP3 is stored ({@link HlsJobs}): it runs beside
 * transcription, retries on its own, and never holds up or fails the record.
 */
public final class ConvertAudioJob implements JobWork<ConvertAudio> {
    private final Jdbi jdbi;
    private final ObjectStore store;
    private final Transcoder transcoder;
    private final StepRunner steps;
    private final WorkDir workDir;
    private final OriginalSeal seal;
    private final HlsJobs hlsJobs;

    public ConvertAudioJob(Jdbi jdbi, ObjectStore store, Transcoder transcoder, StepRunner steps, WorkDir workDir,
                           HlsJobs hlsJobs) {
        this.seal = new OriginalSeal(jdbi, store);
        this.jdbi = jdbi;
        this.store = store;
        this.transcoder = transcoder;
        this.steps = steps;
        this.workDir = workDir;
        this.hlsJobs = hlsJobs;
    }

    @Override
    public void run(ConvertAudio request, JobContext context) throws Exception {
        steps.run(request.recordId(), 0, StepName.CONVERT, context, this::convert);
    }

    public static String renditionKey(long recordId, RenditionKind kind) {
        return "records/" + recordId + "/" + switch (kind) {
            case NORMALIZED_WAV -> "normalized.wav";
            case MP3 -> "audio.mp3";
            case WAVEFORM -> "peaks.json";
            case HLS -> "hls/master.m3u8";
        };
    }

    private StepRunner.Outcome convert(Record record, StepRunner.ProgressReporter progress) throws Exception {
        Upload upload = jdbi.withExtension(UploadDao.class, dao -> dao.find(record.uploadId()))
                .orElseThrow(() -> new PermanentJobFailure("The upload of this record no longer exists."));
        try (WorkDir.Scratch dir = workDir.scratch("convert-" + record.id())) {
            String sealed = seal.seal(record.id(), upload);
            Path original = dir.path("original");
            store.download(sealed, original);
            progress.report(10);

            AudioFacts facts = probe(original);
            progress.report(20);

            Path wav = dir.path("normalized.wav");
            long decodedMillis = normalize(original, facts, wav);
            jdbi.useExtension(RecordDao.class, dao -> dao.saveAudioFacts(record.id(), decodedMillis, facts.codec()));
            progress.report(45);

            Path mp3 = dir.path("audio.mp3");
            transcoder.toMp3(original, decodedMillis, mp3);
            progress.report(75);

            Path peaks = dir.path("peaks.json");
            WaveformPeaks.write(wav, peaks);
            progress.report(85);

            store(record.id(), RenditionKind.NORMALIZED_WAV, wav, "audio/wav");
            store(record.id(), RenditionKind.MP3, mp3, "audio/mpeg");
            store(record.id(), RenditionKind.WAVEFORM, peaks, "application/json");
            hlsJobs.enqueue(record.id(), record.jobId());
            return StepRunner.Outcome.FINISHED;
        }
    }

    private AudioFacts probe(Path original) throws IOException {
        try {
            return transcoder.probe(original);
        } catch (UnusableAudioException e) {
            throw new PermanentJobFailure(e.getMessage(), e);
        }
    }

    private long normalize(Path original, AudioFacts facts, Path wav) throws IOException {
        try {
            return transcoder.toNormalizedWav(original, facts, wav);
        } catch (UnusableAudioException e) {
            throw new PermanentJobFailure(e.getMessage(), e);
        }
    }

    private void store(long recordId, RenditionKind kind, Path file, String contentType) throws IOException {
        String key = renditionKey(recordId, kind);
        long size = Files.size(file);
        store.putFile(key, file, contentType);
        jdbi.useExtension(RenditionDao.class, dao -> dao.upsert(recordId, kind, key, contentType, size));
    }
}
