package io.audiojobs.worker.convert;

import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.shared.jobs.PipelineStep;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.renditions.RenditionDao;
import io.audiojobs.shared.renditions.RenditionKind;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.uploads.Upload;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.worker.pipeline.StepRunner;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Step 1: fetch the upload, validate it with ffprobe (bad input fails at once, never retried),
 * then write the 16 kHz mono WAV the later steps read, the MP3 rendition and the waveform peaks.
 * Object keys are fixed per record, so a re-run overwrites instead of adding objects.
 */
public final class ConvertAudioJob implements PipelineStep {
    private final Jdbi jdbi;
    private final ObjectStore store;
    private final Transcoder transcoder;
    private final StepRunner steps;
    private final Path workDir;

    public ConvertAudioJob(Jdbi jdbi, ObjectStore store, Transcoder transcoder, StepRunner steps, Path workDir) {
        this.jdbi = jdbi;
        this.store = store;
        this.transcoder = transcoder;
        this.steps = steps;
        this.workDir = workDir;
    }

    @Override
    public void run(long recordId, JobContext context) throws Exception {
        steps.run(recordId, StepName.CONVERT, context, this::convert);
    }

    public static String renditionKey(long recordId, RenditionKind kind) {
        return "records/" + recordId + "/" + switch (kind) {
            case NORMALIZED_WAV -> "normalized.wav";
            case MP3 -> "audio.mp3";
            case WAVEFORM -> "peaks.json";
            case HLS -> "hls/master.m3u8";
        };
    }

    private void convert(Record record, StepRunner.ProgressReporter progress) throws Exception {
        Upload upload = jdbi.withExtension(UploadDao.class, dao -> dao.find(record.uploadId()))
                .orElseThrow(() -> new PermanentJobFailure("The upload of this record no longer exists."));
        Path dir = Files.createDirectories(workDir).resolve("convert-" + record.id() + "-" + System.nanoTime());
        Files.createDirectories(dir);
        try {
            Path original = dir.resolve("original");
            store.download(upload.objectKey(), original);
            progress.report(10);

            AudioFacts facts = probe(original);
            progress.report(20);

            Path wav = dir.resolve("normalized.wav");
            long decodedMillis = normalize(original, facts, wav);
            jdbi.useExtension(RecordDao.class, dao -> dao.saveAudioFacts(record.id(), decodedMillis, facts.codec()));
            progress.report(45);

            Path mp3 = dir.resolve("audio.mp3");
            transcoder.toMp3(original, mp3);
            progress.report(75);

            Path peaks = dir.resolve("peaks.json");
            WaveformPeaks.write(wav, peaks);
            progress.report(85);

            store(record.id(), RenditionKind.NORMALIZED_WAV, wav, "audio/wav");
            store(record.id(), RenditionKind.MP3, mp3, "audio/mpeg");
            store(record.id(), RenditionKind.WAVEFORM, peaks, "application/json");
        } finally {
            deleteRecursively(dir);
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

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
