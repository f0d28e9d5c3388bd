package io.audiojobs.api.openai;

import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.openai.OpenAiViews.Model;
import io.audiojobs.api.openai.OpenAiViews.ModelList;
import io.audiojobs.api.records.DirectUploadForm;
import io.javalin.http.Context;

import java.util.List;

/**
 * The OpenAI-compatible routes: {@code POST /v1/audio/transcriptions} and {@code GET /v1/models},
 * so that a program written for OpenAI's speech-to-text is an audiojobs client by changing its
 * base URL (and key).
 */
public final class OpenAiController {
    private final DirectUploadForm form;
    private final SynchronousTranscriptions transcriptions;
    private final SpeechModels models;

    public OpenAiController(DirectUploadForm form, SynchronousTranscriptions transcriptions, SpeechModels models) {
        this.form = form;
        this.transcriptions = transcriptions;
        this.models = models;
    }

    /**
     * The file streams to storage as a direct upload does; the record is made and queued; then the
     * request waits, holding no thread, until the record's transcript is saved ({@link TranscriptionWaits}).
     */
    public void transcribe(Context ctx) {
        String user = AuthFilter.user(ctx);
        DirectUploadForm.Parsed parsed;
        try {
            parsed = form.read(ctx, user, "file", TranscriptionOptions.FIELDS);
        } catch (ApiError e) {
            throw OpenAiError.of(e, e.field().orElse("file"));
        }
        var started = form.keepOnlyIfAccepted(parsed, () -> transcriptions.start(user, parsed,
                TranscriptionOptions.read(parsed.fields(), granularities(parsed), models)));
        ctx.header(OpenAiErrors.RECORD_HEADER, String.valueOf(started.recordId()));
        ctx.future(() -> transcriptions.answer(started, rendered -> {
            if (rendered.body() instanceof String text) {
                ctx.contentType(rendered.contentType()).result(text);
            } else {
                ctx.json(rendered.body());
            }
        }));
    }

    public void models(Context ctx) {
        ctx.json(new ModelList("list", models.all().stream().map(this::model).toList()));
    }

    public void model(Context ctx) {
        String id = ctx.pathParam("model");
        ctx.json(model(models.find(id).orElseThrow(() ->
                new OpenAiError(404, "MODEL_NOT_FOUND", "model", "The model '" + id + "' does not exist here."))));
    }

    private Model model(SpeechModels.Choice choice) {
        return new Model(choice.id(), "model", models.created(), "audiojobs");
    }

    private static List<String> granularities(DirectUploadForm.Parsed parsed) {
        List<String> all = new java.util.ArrayList<>(parsed.all("timestamp_granularities[]"));
        all.addAll(parsed.all("timestamp_granularities"));
        return all;
    }
}
