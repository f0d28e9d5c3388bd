package io.audiojobs.api.transcripts;

import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.http.Bodies;
import io.audiojobs.api.http.Ids;
import io.audiojobs.api.records.RecordService;
import io.audiojobs.api.records.RecordViews;
import io.audiojobs.api.records.Retranscription;
import io.audiojobs.shared.analysis.Analysis;
import io.audiojobs.shared.analysis.AnalysisStore;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.shared.transcripts.TranscriptStore;
import io.audiojobs.shared.transcripts.formats.TranscriptFormats;
import io.javalin.http.Context;

import java.util.List;

/** A record's transcript (json, txt, srt, vtt), its analysis, and retranscription. */
public final class TranscriptsController {

    public record TranscriptView(long recordId, String text, String language, String engine, String model,
                                 List<Transcript.Segment> segments, List<Transcript.Word> words) {}

    public record AnalysisView(long recordId, Analysis analysis) {}

    private final RecordService records;
    private final TranscriptStore transcripts;
    private final AnalysisStore analyses;
    private final Retranscription retranscription;
    private final Bodies bodies;

    public TranscriptsController(RecordService records, TranscriptStore transcripts, AnalysisStore analyses,
                                 Retranscription retranscription, Bodies bodies) {
        this.records = records;
        this.transcripts = transcripts;
        this.analyses = analyses;
        this.retranscription = retranscription;
        this.bodies = bodies;
    }

    public void transcript(Context ctx) {
        Record record = records.requireOwned(AuthFilter.user(ctx), recordId(ctx));
        Transcript t = transcripts.find(record.id()).orElseThrow(() -> ApiError.notFound("TRANSCRIPT_NOT_AVAILABLE",
                "Record " + record.id() + " has no transcript (yet); its status is " + record.status() + "."));
        String format = ctx.queryParamAsClass("format", String.class).getOrDefault("json");
        String name = "record-" + record.id();
        switch (format) {
            case "json" -> ctx.json(new TranscriptView(record.id(), t.text(), t.language(), t.engine(), t.model(), t.segments(), t.words()));
            case "txt" -> text(ctx, "text/plain; charset=utf-8", name + ".txt", TranscriptFormats.txt(t));
            case "srt" -> text(ctx, "application/x-subrip; charset=utf-8", name + ".srt", TranscriptFormats.srt(t));
            case "vtt" -> text(ctx, "text/vtt; charset=utf-8", name + ".vtt", TranscriptFormats.vtt(t));
            default -> throw ApiError.badRequest("VALIDATION_FAILED", "format must be json, txt, srt or vtt.");
        }
    }

    public void analysis(Context ctx) {
        Record record = records.requireOwned(AuthFilter.user(ctx), recordId(ctx));
        Analysis analysis = analyses.find(record.id()).orElseThrow(() -> ApiError.notFound("ANALYSIS_NOT_AVAILABLE",
                "Record " + record.id() + " has no analysis (yet); its status is " + record.status() + "."));
        ctx.json(new AnalysisView(record.id(), analysis));
    }

    public void retranscribe(Context ctx) {
        var request = ctx.bodyAsBytes().length == 0 ? new Retranscription.Request(null, null, null)
                : bodies.read(ctx, Retranscription.Request.class);
        Record record = retranscription.start(AuthFilter.user(ctx), recordId(ctx), request);
        var jobId = PipelineJobs.jobId(record.jobId(), StepName.TRANSCRIBE, record.transcriptionRun());
        ctx.status(202).json(new RecordViews.Accepted(RecordViews.RecordView.of(record), jobId,
                "/api/v1/records/" + record.id() + "/job-status"));
    }

    private static void text(Context ctx, String contentType, String filename, String body) {
        ctx.contentType(contentType).header("Content-Disposition", "inline; filename=\"" + filename + "\"").result(body);
    }

    private static long recordId(Context ctx) {
        return Ids.pathId(ctx, "id", "RECORD_NOT_FOUND", "Record");
    }
}
