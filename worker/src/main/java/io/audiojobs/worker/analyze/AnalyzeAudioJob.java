package io.audiojobs.worker.analyze;

import io.audiojobs.shared.analysis.Analysis;
import io.audiojobs.shared.analysis.AnalysisStore;
import io.audiojobs.shared.jobs.AnalyzeAudio;
import io.audiojobs.shared.jobs.JobWork;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.renditions.RenditionDao;
import io.audiojobs.shared.renditions.RenditionKind;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.shared.transcripts.TranscriptStore;
import io.audiojobs.worker.analyze.llm.LlmSummarizer;
import io.audiojobs.worker.analyze.llm.Summary;
import io.audiojobs.worker.analyze.llm.SummaryUnavailableException;
import io.audiojobs.worker.analyze.metrics.Loudness;
import io.audiojobs.worker.analyze.metrics.LoudnessMeter;
import io.audiojobs.worker.analyze.metrics.TextMetrics;
import io.audiojobs.worker.audio.PcmWav;
import io.audiojobs.worker.pipeline.StepRunner;
import io.audiojobs.worker.pipeline.WorkDir;
import io.audiojobs.worker.transcribe.chunks.Pause;
import io.audiojobs.worker.transcribe.chunks.SilenceDetector;
import io.audiojobs.worker.transcribe.chunks.SplitSettings;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Step 3: loudness (EBU R128 through ffmpeg's ebur128 filter), pauses and silence (voice activity
 * on the PCM), speaking rate, word count and keywords; with LLM_MODEL set, a summary and topics.
 * The summary is optional: its failure is written into the analysis, never into the record.
 */
public final class AnalyzeAudioJob implements JobWork<AnalyzeAudio> {
    private static final int KEYWORDS = 10;

    private final Jdbi jdbi;
    private final ObjectStore store;
    private final LoudnessMeter loudnessMeter;
    private final Optional<LlmSummarizer> summarizer;
    private final StepRunner steps;
    private final WorkDir workDir;

    public AnalyzeAudioJob(Jdbi jdbi, ObjectStore store, LoudnessMeter loudnessMeter, Optional<LlmSummarizer> summarizer,
                           StepRunner steps, WorkDir workDir) {
        this.jdbi = jdbi;
        this.store = store;
        this.loudnessMeter = loudnessMeter;
        this.summarizer = summarizer;
        this.steps = steps;
        this.workDir = workDir;
    }

    @Override
    public void run(AnalyzeAudio request, JobContext context) throws Exception {
        steps.run(request.recordId(), request.run(), StepName.ANALYZE, context,
                (record, progress) -> analyze(record, request.run(), progress));
    }

    private StepRunner.Outcome analyze(Record record, int run, StepRunner.ProgressReporter progress) throws Exception {
        Transcript transcript = new TranscriptStore(jdbi).find(record.id())
                .orElseThrow(() -> new IllegalStateException("record " + record.id() + " has no transcript to analyze"));
        String key = jdbi.withExtension(RenditionDao.class, dao -> dao.find(record.id(), RenditionKind.NORMALIZED_WAV))
                .orElseThrow(() -> new IllegalStateException("record " + record.id() + " has no normalized WAV"))
                .objectKey();
        Loudness loudness;
        List<Pause> pauses;
        long durationMs;
        try (WorkDir.Scratch scratch = workDir.scratch("analyze-" + record.id())) {
            Path wav = scratch.path("normalized.wav");
            store.download(key, wav);
            progress.report(10);
            durationMs = PcmWav.read(wav).durationMs();
            loudness = loudnessMeter.measure(wav, durationMs);
            progress.report(40);
            pauses = SilenceDetector.pauses(wav, SplitSettings.DEFAULT_RMS_THRESHOLD, SplitSettings.DEFAULT_MIN_SILENCE);
            progress.report(60);
        }
        long silenceMs = pauses.stream().mapToLong(Pause::durationMs).sum();
        List<Pause> betweenSpeech = pauses.stream().filter(p -> p.startMs() > 0 && p.endMs() < durationMs).toList();
        long speechMs = Math.max(0, durationMs - silenceMs);
        int wordCount = transcript.wordCount();
        Double wpm = speechMs > 0 && wordCount > 0 ? TextMetrics.wordsPerMinute(wordCount, Duration.ofMillis(speechMs)) : null;
        List<Analysis.Keyword> keywords = TextMetrics.topKeywords(transcript.text(), KEYWORDS).stream()
                .map(k -> new Analysis.Keyword(k.word(), k.count())).toList();
        Analysis.Summary summary = summarize(transcript);
        progress.report(95);

        Analysis analysis = new Analysis(durationMs, loudness.integratedLufsOrNull(), loudness.loudnessRangeLu(),
                loudness.truePeakDbtpOrNull(), durationMs == 0 ? 0 : (double) silenceMs / durationMs, betweenSpeech.size(),
                betweenSpeech.stream().mapToLong(Pause::durationMs).max().orElse(0), wpm, wordCount, keywords, summary);
        new AnalysisStore(jdbi).save(record.id(), run, analysis);
        return StepRunner.Outcome.FINISHED;
    }

    private Analysis.Summary summarize(Transcript transcript) {
        if (summarizer.isEmpty()) {
            return Analysis.Summary.off();
        }
        if (transcript.text().isBlank()) {
            return new Analysis.Summary("MISSING", null, List.of(), "the transcript is empty: nothing to summarize");
        }
        try {
            Summary summary = summarizer.get().summarize(transcript.text(), transcript.language());
            return new Analysis.Summary("OK", summary.summary(), summary.topics(), null);
        } catch (SummaryUnavailableException e) {
            return new Analysis.Summary("MISSING", null, List.of(), e.reason());
        }
    }
}
