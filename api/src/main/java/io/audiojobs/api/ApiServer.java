package io.audiojobs.api;

import io.audiojobs.api.apikeys.ApiKeyAuthenticator;
import io.audiojobs.api.apikeys.ApiKeys;
import io.audiojobs.api.apikeys.ApiKeysController;
import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.api.auth.Authenticator;
import io.audiojobs.api.docs.DocsController;
import io.audiojobs.api.events.EventsController;
import io.audiojobs.api.events.RecordEvents;
import io.audiojobs.api.events.StreamQuota;
import io.audiojobs.api.health.HealthController;
import io.audiojobs.api.http.Bodies;
import io.audiojobs.api.http.ErrorHandlers;
import io.audiojobs.api.http.Idempotency;
import io.audiojobs.api.http.WriteRateLimiter;
import io.audiojobs.api.http.Json;
import io.audiojobs.api.http.RequestCharset;
import io.audiojobs.api.http.RequestSizeLimit;
import io.audiojobs.api.http.SecretFreeReplays;
import io.audiojobs.api.http.RefusedRequestPages;
import io.audiojobs.api.http.SecurityHeaders;
import io.audiojobs.api.live.LiveEvents;
import io.audiojobs.api.live.LiveSessions;
import io.audiojobs.api.live.LiveSessionsController;
import io.audiojobs.api.live.LiveSocket;
import io.audiojobs.shared.live.LiveJobs;
import io.audiojobs.api.observability.Observability;
import io.audiojobs.api.playback.ApiAddress;
import io.audiojobs.api.playback.Bookmarks;
import io.audiojobs.api.playback.HlsController;
import io.audiojobs.api.playback.PlaybackController;
import io.audiojobs.api.playback.PlaybackLinks;
import io.audiojobs.api.playback.ResumePoints;
import io.audiojobs.api.playback.StreamLinks;
import io.audiojobs.api.seeds.AudioController;
import io.audiojobs.api.openai.OpenAiController;
import io.audiojobs.api.openai.SpeechModels;
import io.audiojobs.api.openai.SynchronousTranscriptions;
import io.audiojobs.api.openai.TranscriptionWaits;
import io.audiojobs.api.records.DirectUploadForm;
import io.audiojobs.api.records.KnownModels;
import io.audiojobs.api.records.RecordService;
import io.audiojobs.api.records.RecordsController;
import io.audiojobs.api.records.Retranscription;
import io.audiojobs.api.transcripts.TranscriptsController;
import io.audiojobs.shared.analysis.AnalysisStore;
import io.audiojobs.shared.transcripts.TranscriptStore;
import io.audiojobs.api.seeds.AsyncRecordsController;
import io.audiojobs.api.seeds.SessionsController;
import io.audiojobs.api.uploads.UploadPlanReplay;
import io.audiojobs.api.uploads.UploadService;
import io.audiojobs.api.uploads.UploadsController;
import io.audiojobs.api.webapp.WebApp;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.observability.PrometheusMetrics;
import io.audiojobs.shared.storage.ObjectStore;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.scheduling.JobRequestScheduler;

import java.time.Clock;

/** Builds the API: its services, then every route in one place. */
public final class ApiServer {
    private static final long MAX_JSON_BODY_BYTES = 1L << 20;

    private ApiServer() {}

    public static Javalin create(AppConfig config, Jdbi jdbi, ObjectStore store, JobRequestScheduler scheduler) {
        return create(config, jdbi, store, scheduler, PrometheusMetrics.newRegistry());
    }

    public static Javalin create(AppConfig config, Jdbi jdbi, ObjectStore store, JobRequestScheduler scheduler,
                                 PrometheusMeterRegistry metrics) {
        var json = Json.mapper();
        var bodies = new Bodies(json);
        var authFilter = new AuthFilter(new Authenticator(config.auth()), new ApiKeyAuthenticator(jdbi));
        var rateLimiter = new WriteRateLimiter(config.limits().writesPerMinute());
        var jobs = new PipelineJobs(scheduler, config.retry().retriesAfterFirst());
        var uploadService = new UploadService(jdbi, store, config.limits());
        var recordService = new RecordService(jdbi, store, uploadService, jobs, config.webhooks());
        var directUploads = new DirectUploadForm(uploadService, config.limits().maxUploadBytes());

        var health = new HealthController(jdbi, store);
        var docs = new DocsController();
        var uploads = new UploadsController(uploadService, bodies);
        var records = new RecordsController(recordService, directUploads, bodies);
        var planReplay = new UploadPlanReplay(uploadService, store, config.limits().presignTtl());
        var asyncRecords = new AsyncRecordsController(uploadService, recordService, bodies, store, planReplay);
        // responses holding presigned URLs are kept as the id they were made for, and signed afresh on replay
        var idempotency = new Idempotency(jdbi, new SecretFreeReplays(json)
                .on("/api/v1/uploads", "uploadId", planReplay::plan)
                .on("/records/async/presigned-url", "uploadId", asyncRecords::replayPresignedUrl)
                .on("/records/async", "id", asyncRecords::replayRecord)
                .neverKept("/audio/play"));
        var sessions = new SessionsController(recordService, directUploads, jdbi);
        var playbackLinks = PlaybackLinks.from(config, Clock.systemUTC());
        var streamLinks = new StreamLinks(jdbi, store, recordService, playbackLinks, config.playback().urlTtl(), Clock.systemUTC());
        var apiAddress = new ApiAddress(config.playback().publicUrl());
        var resumePoints = new ResumePoints(jdbi, config.limits().maxDuration());
        var playback = new PlaybackController(recordService, streamLinks, resumePoints,
                new Bookmarks(jdbi, config.limits().maxDuration()), bodies, apiAddress);
        var hls = new HlsController(jdbi, store, playbackLinks);
        var audio = new AudioController(recordService, streamLinks, resumePoints, bodies, apiAddress);
        var recordEvents = new RecordEvents(config.database(), recordService, json, resumePoints::ofOwner);
        var streamQuota = new StreamQuota(config.limits().eventStreamsPerUser(), config.limits().eventStreamsPerNode());
        var events = new EventsController(recordService, recordEvents, streamQuota);
        var apiKeys = new ApiKeysController(new ApiKeys(jdbi), bodies);
        var waits = new TranscriptionWaits(recordService::find);
        recordEvents.addListener(waits);
        Gauge.builder("audiojobs.openai.waiting.requests", waits, TranscriptionWaits::waitingCount)
                .description("Requests to /v1/audio/transcriptions waiting for their transcript").register(metrics);
        var openai = new OpenAiController(directUploads, new SynchronousTranscriptions(recordService, new TranscriptStore(jdbi),
                waits, config.openaiCompat().maxWait()), new SpeechModels(config.stt(), config.openaiCompat()));
        var knownModels = new KnownModels(config.stt());
        var transcripts = new TranscriptsController(recordService, new TranscriptStore(jdbi), new AnalysisStore(jdbi),
                new Retranscription(jdbi, recordService, jobs, knownModels), bodies);
        var liveSessions = new LiveSessions(jdbi, store, new LiveJobs(scheduler, config.retry().retriesAfterFirst()), config.live(),
                knownModels);
        var liveEvents = new LiveEvents(config.database(), jdbi, liveSessions);
        var liveSocket = new LiveSocket(authFilter, liveSessions, liveEvents, json, streamQuota);
        var liveRest = new LiveSessionsController(liveSessions, bodies, jdbi, store);

        return Javalin.create(javalin -> {
            javalin.jsonMapper(new JavalinJackson(json, false));
            javalin.http.maxRequestSize = MAX_JSON_BODY_BYTES;
            javalin.http.prefer405over404 = true;
            javalin.jetty.port = config.apiPort();
            javalin.jetty.modifyServer(server -> server.setErrorHandler(new RefusedRequestPages(json)));
            javalin.startup.showJavalinBanner = false;
            javalin.staticFiles.add(WebApp::configure);
            javalin.events.serverStarted(recordEvents::start);
            javalin.events.serverStopping(recordEvents::close);
            javalin.events.serverStopping(waits::close);
            javalin.events.serverStarted(liveEvents::start);
            javalin.events.serverStopping(liveSocket::close);
            liveSocket.configureJetty(javalin);

            // first: request ids, metrics and access logs also cover requests the auth filter refuses
            Observability.install(javalin, metrics);
            var routes = javalin.routes;
            ErrorHandlers.register(routes);
            routes.before(new SecurityHeaders(config.s3().publicEndpoint()));
            routes.before(new RequestCharset());
            routes.before(new RequestSizeLimit(MAX_JSON_BODY_BYTES));
            // matched only: a path or method no route has is 404 or 405, token or not
            routes.beforeMatched(authFilter);
            routes.beforeMatched(rateLimiter::before);
            routes.beforeMatched(idempotency::before);
            routes.after(idempotency::after);
            routes.exception(Idempotency.Replay.class, (replay, ctx) -> replay.writeTo(ctx));

            routes.get("/health/live", health::live);
            routes.get("/health/ready", health::ready);
            routes.get("/openapi.json", docs::openApi);
            routes.get("/docs", docs::page);
            routes.get("/docs/{file}", docs::file);

            routes.post("/api/v1/uploads", uploads::create);
            routes.get("/api/v1/uploads/{id}", uploads::get);
            routes.post("/api/v1/uploads/{id}/complete", uploads::complete);

            routes.post("/api/v1/records", records::create);
            routes.get("/api/v1/records", records::list);
            routes.get("/api/v1/records/{id}", records::get);
            routes.delete("/api/v1/records/{id}", records::delete);
            routes.get("/api/v1/records/{id}/job-status", records::jobStatus);
            routes.get("/api/v1/records/{id}/events", events::events);
            routes.get("/api/v1/records/{id}/audio", playback::audio);
            routes.get("/api/v1/records/{id}/transcript", transcripts::transcript);
            routes.get("/api/v1/records/{id}/analysis", transcripts::analysis);
            routes.post("/api/v1/records/{id}/retranscribe", transcripts::retranscribe);

            // playback (seed 001)
            routes.get("/api/v1/records/{id}/playback", playback::getPosition);
            routes.put("/api/v1/records/{id}/playback", playback::putPosition);
            routes.post("/api/v1/records/{id}/bookmarks", playback::createBookmark);
            routes.get("/api/v1/records/{id}/bookmarks", playback::listBookmarks);
            routes.delete("/api/v1/records/{id}/bookmarks/{bookmarkId}", playback::deleteBookmark);
            routes.get(HlsController.PATH + "{token}/{file}", hls::master);
            routes.get(HlsController.PATH + "{token}/{variant}/{file}", hls::variantFile);
            routes.get("/audio/stream/{id}", audio::stream);
            routes.post("/audio/play", audio::play);
            routes.put("/audio/progress", audio::progress);
            routes.post("/api/v1/api-keys", apiKeys::create);
            routes.get("/api/v1/api-keys", apiKeys::list);
            routes.delete("/api/v1/api-keys/{id}", apiKeys::revoke);

            // OpenAI-compatible (its SDKs with base URL {API}/v1)
            routes.post("/v1/audio/transcriptions", openai::transcribe);
            routes.get("/v1/models", openai::models);
            routes.get("/v1/models/{model}", openai::model);

            // seed 004
            routes.post("/records/async/presigned-url", asyncRecords::presignedUrl);
            routes.post("/records/async", asyncRecords::create);
            routes.get("/records/async/me", asyncRecords::mine);
            routes.get("/records/async/{id}", asyncRecords::get);
            routes.delete("/records/async/{id}", asyncRecords::delete);

            // seed 002
            routes.post("/session/{id}/upload", sessions::upload);
            routes.get("/session/{id}/job-status", sessions::jobStatus);

            // live recording (SPEC §6): the WebSocket, and seed 003's REST view of its sessions
            routes.ws(LiveSocket.PATH, liveSocket::handlers);
            routes.get("/api/sessions", liveRest::list);
            routes.get("/api/sessions/{id}", liveRest::get);
            routes.delete("/api/sessions/{id}", liveRest::delete);
            routes.get("/api/sessions/{id}/full.wav", liveRest::fullWav);
            routes.get("/api/sessions/{id}/chunks/{index}", liveRest::chunkWav);
            routes.post("/api/sessions/{id}/chunks/{chunkId}/retranscribe", liveRest::retranscribe);
        });
    }
}
