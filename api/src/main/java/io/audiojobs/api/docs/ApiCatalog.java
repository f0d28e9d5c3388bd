package io.audiojobs.api.docs;

import io.audiojobs.api.apikeys.ApiKeyViews.ApiKeyList;
import io.audiojobs.api.apikeys.ApiKeyViews.CreateApiKey;
import io.audiojobs.api.apikeys.ApiKeyViews.CreatedApiKey;
import io.audiojobs.api.docs.RouteDoc.Builder;
import io.audiojobs.api.docs.RouteDoc.Content;
import io.audiojobs.api.docs.RouteDoc.FormField;
import io.audiojobs.api.playback.PlaybackViews.AudioLink;
import io.audiojobs.api.playback.PlaybackViews.BookmarkView;
import io.audiojobs.api.playback.PlaybackViews.BookmarkWrite;
import io.audiojobs.api.playback.PlaybackViews.PlayRequest;
import io.audiojobs.api.playback.PlaybackViews.PlaySession;
import io.audiojobs.api.playback.PlaybackViews.PositionWrite;
import io.audiojobs.api.playback.PlaybackViews.ProgressWrite;
import io.audiojobs.api.playback.PlaybackViews.ResumePoint;
import io.audiojobs.api.playback.PlaybackViews.StreamInfo;
import io.audiojobs.api.openai.OpenAiViews;
import io.audiojobs.api.records.RecordViews.Accepted;
import io.audiojobs.api.records.RecordViews.CreateRecord;
import io.audiojobs.api.records.RecordViews.JobStatus;
import io.audiojobs.api.records.RecordViews.Page;
import io.audiojobs.api.records.RecordViews.RecordView;
import io.audiojobs.api.live.LiveSocket;
import io.audiojobs.api.live.LiveViews;
import io.audiojobs.api.live.LiveViews.RetranscribeRequest;
import io.audiojobs.api.live.LiveViews.SessionList;
import io.audiojobs.api.live.LiveViews.SessionView;
import io.audiojobs.api.records.Retranscription;
import io.audiojobs.api.seeds.AsyncRecordsController;
import io.audiojobs.api.seeds.AsyncRecordsController.CreateRecordRequest;
import io.audiojobs.api.seeds.AsyncRecordsController.PresignedUploadResponse;
import io.audiojobs.api.seeds.AsyncRecordsController.RecordResponse;
import io.audiojobs.api.seeds.SessionsController.Queued;
import io.audiojobs.api.seeds.SessionsController.SessionJobStatus;
import io.audiojobs.api.transcripts.TranscriptsController.AnalysisView;
import io.audiojobs.api.transcripts.TranscriptsController.TranscriptView;
import io.audiojobs.api.uploads.UploadViews.CompleteUpload;
import io.audiojobs.api.uploads.UploadViews.CreateUpload;
import io.audiojobs.api.uploads.UploadViews.MultipartPlan;
import io.audiojobs.api.uploads.UploadViews.PutPlan;
import io.audiojobs.api.uploads.UploadViews.UploadState;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.audiojobs.api.docs.Types.listOf;
import static io.audiojobs.api.docs.Types.mapOf;
import static io.audiojobs.api.docs.Types.oneOf;

/**
 * Every route ApiServer declares, with the records its handler reads and writes and the error codes
 * it answers with. OpenApiDocumentTest fails when this list and the routes Javalin registers differ.
 */
public final class ApiCatalog {
    static final String UPLOADS = "Uploads";
    static final String RECORDS = "Records";
    static final String TRANSCRIPTS = "Transcripts";
    static final String PLAYBACK = "Playback";
    static final String SEED_001 = "Seed 001";
    static final String SEED_004 = "Seed 004";
    static final String SEED_002 = "Seed 002";
    static final String API_KEYS = "API keys";
    static final String OPENAI = "OpenAI-compatible";
    static final String LIVE = "Live sessions";
    static final String OPERATIONS = "Operations";

    /** Tags in the order the docs page shows them, with what they hold. */
    public static final Map<String, String> TAGS = orderedTags(
            UPLOADS, "Presigned uploads straight to S3: a single PUT, or resumable multipart parts above the threshold.",
            RECORDS, "Records made from an upload (or a file streamed through the API), their processing status and audio.",
            TRANSCRIPTS, "A record's transcript (json, txt, srt, vtt), its analysis, and retranscription.",
            PLAYBACK, "Playing a record: HLS (64 and 128 kbit/s AAC) through signed links, the user's resume point across "
                    + "devices, bookmarks and A-B loops.",
            SEED_001, "Seed 001's contract, served as written: /audio/... (scriptId is a record id)",
            API_KEYS, "Long-lived keys, accepted as bearer tokens wherever a JWT is (OpenAI SDKs send theirs that way).",
            OPENAI, "OpenAI's speech-to-text API, served by the queue: any OpenAI SDK with base URL {API}/v1 and a key "
                    + "(or JWT) is a client. Errors here have OpenAI's shape {\"error\":{\"message\",\"type\",\"param\",\"code\"}}.",
            SEED_004, "Seed 004's contract, served as written: /records/async/...",
            SEED_002, "Seed 002's contract, served as written: /session/{id}/...",
            LIVE, "Live recording (seed 003's REST view). Sessions are recorded over the WebSocket " + LiveSocket.PATH
                    + " (token as ?access_token= or a first {\"type\":\"auth\",\"token\"} message; start_session, "
                    + "audio_chunk as JSON with base64 or as binary frames, stop_session, resume_session; see README, "
                    + "'Streaming live audio'): each is cut at pauses and transcribed while it records, and becomes a record when it stops.",
            OPERATIONS, "Health, metrics and this documentation; no token needed.");

    private static final String RECORD_ID = "Record id";
    private static final String UPLOAD_ID = "Upload id";
    private static final String HLS_TOKEN = "The signed token of a playback link (as GET .../audio?rendition=hls gave it)";
    private static final String QUALITY = "auto: the master playlist (the player switches between 64 and 128 kbit/s); "
            + "low or high: that variant only";
    private static final String SESSION_ID = "Session id: 1-64 letters, digits, '-' or '_'";
    private static final String LIVE_SESSION_ID = "Live session id (a UUID)";

    private ApiCatalog() {}

    public static List<RouteDoc> routes() {
        return List.of(
                // operations
                RouteDoc.get("/health/live").open().tag(OPERATIONS).summary("Liveness: the process answers")
                        .answer(200, "Always {\"status\":\"UP\"}", Content.json(mapOf(String.class)))
                        .errors(500, "INTERNAL_ERROR").build(),
                RouteDoc.get("/health/ready").open().tag(OPERATIONS).summary("Readiness: PostgreSQL and S3 answer")
                        .answer(200, "{\"status\":\"UP\",\"database\":\"UP\",\"storage\":\"UP\"}", Content.json(mapOf(String.class)))
                        .answer(503, "Either is DOWN, e.g. {\"status\":\"DOWN\",\"database\":\"UP\",\"storage\":\"DOWN\"}",
                                Map.of("Retry-After", "Seconds to wait before asking again"), Content.json(mapOf(String.class)))
                        .errors(500, "INTERNAL_ERROR").build(),
                RouteDoc.get("/metrics").open().tag(OPERATIONS).summary("Prometheus metrics")
                        .answer(200, "The Prometheus text exposition format", Content.text("text/plain"))
                        .errors(500, "INTERNAL_ERROR").build(),
                RouteDoc.get("/openapi.json").open().tag(OPERATIONS).summary("This document (OpenAPI 3.1)")
                        .answer(200, "The OpenAPI document", Content.json(mapOf(Object.class)))
                        .errors(500, "INTERNAL_ERROR").build(),
                RouteDoc.get("/docs").open().tag(OPERATIONS).summary("This documentation as a web page (Swagger UI)")
                        .answer(200, "An HTML page", Content.text("text/html"))
                        .errors(500, "INTERNAL_ERROR").build(),
                RouteDoc.get("/docs/{file}").open().tag(OPERATIONS).summary("The files of the documentation page")
                        .pathParam("file", String.class, "A Swagger UI file, e.g. swagger-ui.css")
                        .answer(200, "The file", Content.text("text/css"), Content.text("text/javascript"), Content.text("image/png"))
                        .errors(404, "NOT_FOUND").errors(500, "INTERNAL_ERROR").build(),

                // uploads
                post("/api/v1/uploads").tag(UPLOADS).summary("Plan an upload: a presigned PUT, or a multipart plan above the threshold")
                        .description("PUT the file to `url` with every one of `headers` (content type, exact length and "
                                + "`If-None-Match: *`, all signed: the URL stores the file once, a second PUT gets 412), or, for a "
                                + "multipart plan, PUT each part to its URL and then POST /api/v1/uploads/{id}/complete.")
                        .body(true, Content.json(CreateUpload.class)).with(ApiCatalog::jsonBodyErrors)
                        .answer(201, "The upload plan", Content.json(oneOf(PutPlan.class, MultipartPlan.class)))
                        .errors(400, "EMPTY_UPLOAD").errors(413, "UPLOAD_TOO_LARGE").errors(503, "STORAGE_UNAVAILABLE").build(),
                get("/api/v1/uploads/{id}").tag(UPLOADS).summary("Where an upload stands; for a multipart upload, the parts held and fresh URLs for the rest")
                        .pathParam("id", long.class, UPLOAD_ID)
                        .ok(UploadState.class)
                        .errors(404, "UPLOAD_NOT_FOUND").errors(503, "STORAGE_UNAVAILABLE").build(),
                post("/api/v1/uploads/{id}/complete").tag(UPLOADS).summary("Finish a multipart upload (or confirm a single PUT arrived)")
                        .description("Without a body (or without parts) the parts the store holds are used. "
                                + "Every part and the total size are checked.")
                        .pathParam("id", long.class, UPLOAD_ID)
                        .body(false, Content.json(CompleteUpload.class)).with(ApiCatalog::jsonBodyErrors)
                        .ok(UploadState.class)
                        .errors(400, "INVALID_PART", "SIZE_MISMATCH").errors(404, "UPLOAD_NOT_FOUND")
                        .errors(409, "UPLOAD_EXPIRED", "UPLOAD_INCOMPLETE").errors(503, "STORAGE_UNAVAILABLE").build(),

                // records
                post("/api/v1/records").tag(RECORDS).summary("Create a record from an upload, or from a file sent in this request")
                        .description("JSON: the upload must be the caller's, complete (its size is checked against S3) and "
                                + "unused. multipart/form-data: the `audio` file streams through to S3 without being held in "
                                + "memory. Answers at once; the processing is queued.")
                        .body(true, Content.json(CreateRecord.class), Content.form("multipart/form-data",
                                new FormField("audio", String.class, true, true, "The audio file"),
                                new FormField("title", String.class, false, false, "Defaults to the file's name"),
                                new FormField("language", String.class, false, false, "A language code like 'en' or 'en-US'")))
                        .with(ApiCatalog::jsonBodyErrors)
                        .answer(202, "Accepted: the record and its queued job", Content.json(Accepted.class))
                        .errors(400, "EMPTY_UPLOAD", "SIZE_MISMATCH", "MALFORMED_MULTIPART").errors(404, "UPLOAD_NOT_FOUND")
                        .errors(409, "UPLOAD_EXPIRED", "UPLOAD_INCOMPLETE", "UPLOAD_ALREADY_USED")
                        .errors(413, "UPLOAD_TOO_LARGE", "FIELD_TOO_LARGE")
                        .errors(503, "STORAGE_UNAVAILABLE", "UPLOADS_BUSY").build(),
                get("/api/v1/records").tag(RECORDS).summary("The caller's records, newest first")
                        .query("limit", int.class, "Page size, 1-100", "20")
                        .query("cursor", String.class, "nextCursor of the previous page", null)
                        .ok(Page.class)
                        .errors(400, "VALIDATION_FAILED", "INVALID_CURSOR").build(),
                get("/api/v1/records/{id}").tag(RECORDS).summary("A record")
                        .pathParam("id", long.class, RECORD_ID)
                        .ok(RecordView.class)
                        .errors(404, "RECORD_NOT_FOUND").build(),
                delete("/api/v1/records/{id}").tag(RECORDS).summary("Delete a record with its upload, objects and pending jobs")
                        .pathParam("id", long.class, RECORD_ID)
                        .answer(204, "Deleted")
                        .errors(404, "RECORD_NOT_FOUND").build(),
                get("/api/v1/records/{id}/job-status").tag(RECORDS).summary("Where the record's processing stands, step by step")
                        .description("`status` goes QUEUED → CONVERTING → TRANSCRIBING → ANALYZING → COMPLETED, or FAILED with "
                                + "`failedReason`; `progress` (0-100) never goes back, retries included.")
                        .pathParam("id", long.class, RECORD_ID)
                        .ok(JobStatus.class)
                        .errors(404, "RECORD_NOT_FOUND").build(),
                get("/api/v1/records/{id}/events").tag(RECORDS).summary("Server-sent events of the job status as it changes")
                        .description("Each event's `data` is the JSON of the JobStatus schema, as GET .../job-status answers it. "
                                + "With `playback=true` (a player) the stream also carries `playback` events, whose `data` is the "
                                + "ResumePoint schema, at once and whenever one of the user's devices writes it; it then stays open "
                                + "after `completed` or `failed`. "
                                + "A user holds at most EVENT_STREAMS_PER_USER streams (20) and a server EVENT_STREAMS_PER_NODE "
                                + "(10,000); past either, 429 with Retry-After. A client that falls 16 events behind is disconnected: "
                                + "on reconnecting (EventSource does) it gets the current status first.")
                        .pathParam("id", long.class, RECORD_ID)
                        .query("playback", boolean.class, "Also follow the user's resume point", "false")
                        .answer(200, "An event stream", Content.text("text/event-stream"))
                        .errors(404, "RECORD_NOT_FOUND").errors(406, "NOT_ACCEPTABLE")
                        .errors(429, "TOO_MANY_STREAMS").build(),
                get("/api/v1/records/{id}/audio").tag(PLAYBACK).summary("A short-lived URL of the audio any player can use")
                        .description("hls: an API URL with a signed token in its path that hls.js, Safari and ffmpeg play with no "
                                + "header; the playlists' relative segment URLs carry the token too. Until the HLS rendition exists "
                                + "(or if making it failed) the MP3 is served instead, and before that the original: `rendition` "
                                + "says which. mp3, original and peaks: presigned S3 GETs. Links live PLAYBACK_URL_TTL (15 min) plus "
                                + "the recording's length. Play with `ffplay \"$url\"`, hls.js (`hls.loadSource(url)`) or Safari "
                                + "(`audio.src = url`). `original` is the record's own copy of the upload, taken as processing starts, so a "
                                + "replayed upload URL cannot change it: until then it is 404 `RENDITION_NOT_AVAILABLE`.")
                        .pathParam("id", long.class, RECORD_ID)
                        .query("rendition", String.class,
                                "Which audio; peaks is the waveform as JSON in the format of BBC audiowaveform (version 2, 8 bits)",
                                "original", "original", "mp3", "hls", "peaks")
                        .query("quality", String.class, QUALITY, "auto", "auto", "low", "high")
                        .ok(AudioLink.class)
                        .errors(400, "VALIDATION_FAILED").errors(404, "RECORD_NOT_FOUND", "RENDITION_NOT_AVAILABLE").build(),
                get("/api/v1/records/{id}/playback").tag(PLAYBACK).summary("The caller's resume point on the record, with the last speed")
                        .description("Version 0 at 0 ms when never written.")
                        .pathParam("id", long.class, RECORD_ID)
                        .ok(ResumePoint.class)
                        .errors(404, "RECORD_NOT_FOUND").build(),
                put("/api/v1/records/{id}/playback").tag(PLAYBACK).summary("Save the caller's resume point; the latest write wins")
                        .description("\"Latest\" is the write the server applies last: each write raises `version` by one under "
                                + "the row's lock, so of two devices racing, the one whose write arrives second wins, and every "
                                + "device converges on the highest version. The user's other open players hear of it as a "
                                + "`playback` event on GET .../events?playback=true.")
                        .pathParam("id", long.class, RECORD_ID)
                        .body(true, Content.json(PositionWrite.class)).with(ApiCatalog::jsonBodyErrors)
                        .ok(ResumePoint.class)
                        .errors(400, "POSITION_OUT_OF_RANGE").errors(404, "RECORD_NOT_FOUND").errors(429, "TOO_MANY_REQUESTS").build(),
                post("/api/v1/records/{id}/bookmarks").tag(PLAYBACK).summary("Add a bookmark, or with endMs an A-B loop")
                        .pathParam("id", long.class, RECORD_ID)
                        .body(true, Content.json(BookmarkWrite.class)).with(ApiCatalog::jsonBodyErrors)
                        .answer(201, "The bookmark, with its id", Content.json(BookmarkView.class))
                        .errors(400, "POSITION_OUT_OF_RANGE").errors(404, "RECORD_NOT_FOUND").errors(409, "TOO_MANY_BOOKMARKS")
                        .errors(429, "TOO_MANY_REQUESTS").build(),
                get("/api/v1/records/{id}/bookmarks").tag(PLAYBACK).summary("The caller's bookmarks and loops on the record, by position")
                        .pathParam("id", long.class, RECORD_ID)
                        .ok(listOf(BookmarkView.class))
                        .errors(404, "RECORD_NOT_FOUND").build(),
                delete("/api/v1/records/{id}/bookmarks/{bookmarkId}").tag(PLAYBACK).summary("Delete a bookmark")
                        .pathParam("id", long.class, RECORD_ID)
                        .pathParam("bookmarkId", long.class, "Bookmark id")
                        .answer(204, "Deleted")
                        .errors(404, "RECORD_NOT_FOUND", "BOOKMARK_NOT_FOUND").errors(429, "TOO_MANY_REQUESTS").build(),
                hls("/api/v1/hls/{token}/{file}").summary("HLS master playlist of a playback link (no bearer token)")
                        .pathParam("file", String.class, "master.m3u8")
                        .answer(200, "The master playlist: one variant per bit rate", Content.text("application/vnd.apple.mpegurl"))
                        .build(),
                hls("/api/v1/hls/{token}/{variant}/{file}").summary("HLS variant playlist or segment of a playback link (no bearer token)")
                        .description("Segments honour one byte range (`Range: bytes=...`, answered 206).")
                        .pathParam("variant", String.class, "low (64 kbit/s) or high (128 kbit/s)")
                        .pathParam("file", String.class, "index.m3u8, or a segment segNNNNN.ts")
                        .answer(200, "The playlist or the segment (AAC in MPEG-TS)",
                                Content.text("application/vnd.apple.mpegurl"), Content.text("video/mp2t"))
                        .answer(206, "The requested range of a segment", Content.text("video/mp2t"))
                        .errors(416, "RANGE_NOT_SATISFIABLE").build(),

                // transcripts
                get("/api/v1/records/{id}/transcript").tag(TRANSCRIPTS).summary("The record's transcript, as JSON or a text format")
                        .pathParam("id", long.class, RECORD_ID)
                        .query("format", String.class, "json, or a file: plain text, SubRip or WebVTT subtitles", "json",
                                "json", "txt", "srt", "vtt")
                        .answer(200, "The transcript; text formats come with Content-Disposition: inline; filename=record-{id}.{format}",
                                Content.json(TranscriptView.class), Content.text("text/plain"),
                                Content.text("application/x-subrip"), Content.text("text/vtt"))
                        .errors(400, "VALIDATION_FAILED").errors(404, "RECORD_NOT_FOUND", "TRANSCRIPT_NOT_AVAILABLE").build(),
                get("/api/v1/records/{id}/analysis").tag(TRANSCRIPTS).summary("Metrics of the audio and transcript, and the LLM summary")
                        .pathParam("id", long.class, RECORD_ID)
                        .ok(AnalysisView.class)
                        .errors(404, "RECORD_NOT_FOUND", "ANALYSIS_NOT_AVAILABLE").build(),
                post("/api/v1/records/{id}/retranscribe").tag(TRANSCRIPTS).summary("Transcribe again (another language, engine or model), then analyze")
                        .description("The current transcript stays readable until the new one replaces it. An empty body keeps "
                                + "the record's language and the default engine.")
                        .pathParam("id", long.class, RECORD_ID)
                        .body(false, Content.json(Retranscription.Request.class)).with(ApiCatalog::jsonBodyErrors)
                        .answer(202, "Accepted: the record and the job of the new transcription", Content.json(Accepted.class))
                        .errors(400, "UNKNOWN_MODEL").errors(404, "RECORD_NOT_FOUND").errors(409, "RECORD_BUSY", "NOT_CONVERTED").build(),

                // seed 001
                get("/audio/stream/{id}").tag(SEED_001).summary("Where to stream the record from, and where the user left off")
                        .description("HLS when it is made, else the MP3 or the original (see `rendition`).")
                        .pathParam("id", long.class, RECORD_ID)
                        .query("quality", String.class, QUALITY, "auto", "auto", "low", "high")
                        .ok(StreamInfo.class)
                        .errors(400, "VALIDATION_FAILED").errors(404, "RECORD_NOT_FOUND", "RENDITION_NOT_AVAILABLE").build(),
                post("/audio/play").tag(SEED_001).summary("Start playing: the stream, the resume point and a playback session id")
                        .body(true, Content.json(PlayRequest.class)).with(ApiCatalog::jsonBodyErrors)
                        .ok(PlaySession.class)
                        .errors(404, "RECORD_NOT_FOUND", "RENDITION_NOT_AVAILABLE").errors(429, "TOO_MANY_REQUESTS").build(),
                put("/audio/progress").tag(SEED_001).summary("Save the resume point (as PUT /api/v1/records/{id}/playback)")
                        .body(true, Content.json(ProgressWrite.class)).with(ApiCatalog::jsonBodyErrors)
                        .answer(204, "Saved")
                        .errors(400, "POSITION_OUT_OF_RANGE").errors(404, "RECORD_NOT_FOUND").errors(429, "TOO_MANY_REQUESTS").build(),
                // API keys
                post("/api/v1/api-keys").tag(API_KEYS).summary("Create an API key; the answer is the only time the key is shown")
                        .description("Only the key's SHA-256 is stored. Send it as `Authorization: Bearer aj_...` wherever a JWT "
                                + "goes. An Idempotency-Key replays nothing here: the answer holds a secret, so it is not kept.")
                        .body(true, Content.json(CreateApiKey.class)).with(ApiCatalog::jsonBodyErrors)
                        .answer(201, "The key, with its secret", Content.json(CreatedApiKey.class))
                        .errors(409, "API_KEY_LIMIT").build(),
                get("/api/v1/api-keys").tag(API_KEYS).summary("The caller's API keys (never their secrets)")
                        .ok(ApiKeyList.class).build(),
                delete("/api/v1/api-keys/{id}").tag(API_KEYS).summary("Revoke an API key: refused from the next request on, on every node")
                        .pathParam("id", long.class, "API key id")
                        .answer(204, "Revoked")
                        .errors(404, "API_KEY_NOT_FOUND").build(),

                // OpenAI-compatible
                post("/v1/audio/transcriptions").tag(OPENAI).summary("Transcribe a file, answering as OpenAI's API does")
                        .description("The file streams to storage and becomes a record of the caller's (it shows in GET "
                                + "/api/v1/records), run by the normal pipeline on the workers. The request waits, holding no "
                                + "thread, until the transcript is saved (the analysis goes on after), at most "
                                + "OPENAI_COMPAT_MAX_WAIT; past it a 504 names the record, which completes anyway. Every answer "
                                + "carries X-Audiojobs-Record-Id. `prompt` is accepted and not used; `temperature` is checked "
                                + "and not used.")
                        .body(true, Content.form("multipart/form-data",
                                new FormField("file", String.class, true, true, "The audio file"),
                                new FormField("model", String.class, true, false, "A model GET /v1/models lists; whisper-1 is an alias"),
                                new FormField("language", String.class, false, false, "ISO-639-1 code, e.g. en"),
                                new FormField("prompt", String.class, false, false, "Accepted, not used"),
                                new FormField("response_format", String.class, false, false, "json (default), text, srt, vtt or verbose_json"),
                                new FormField("timestamp_granularities[]", String.class, false, false,
                                        "word and/or segment (verbose_json); repeat the field for both. Default: segment"),
                                new FormField("temperature", double.class, false, false, "0 to 1; accepted, not used"),
                                new FormField("stream", boolean.class, false, false, "false only")))
                        .answer(200, "The transcript in the format asked for: JSON for json and verbose_json, text/plain for "
                                        + "text, srt and vtt", Content.json(oneOf(OpenAiViews.Transcription.class,
                                        OpenAiViews.VerboseTranscription.class)), Content.text("text/plain"))
                        .errors(400, "VALIDATION_FAILED", "UNKNOWN_FIELD", "EMPTY_UPLOAD", "MALFORMED_MULTIPART", "UNUSABLE_AUDIO",
                                "UNSUPPORTED_LANGUAGE")
                        .errors(404, "MODEL_NOT_FOUND", "RECORD_NOT_FOUND").errors(413, "UPLOAD_TOO_LARGE", "FIELD_TOO_LARGE")
                        .errors(415, "UNSUPPORTED_MEDIA_TYPE").errors(500, "TRANSCRIPTION_FAILED")
                        .errors(503, "STORAGE_UNAVAILABLE", "UPLOADS_BUSY").errors(504, "STILL_PROCESSING").build(),
                get("/v1/models").tag(OPENAI).summary("The models `model` may name")
                        .ok(OpenAiViews.ModelList.class).build(),
                get("/v1/models/{model}").tag(OPENAI).summary("One model")
                        .pathParam("model", String.class, "A model id, e.g. whisper-1")
                        .ok(OpenAiViews.Model.class)
                        .errors(404, "MODEL_NOT_FOUND").build(),

                // seed 004
                post("/records/async/presigned-url").tag(SEED_004).summary("A presigned PUT for a file (form fields)")
                        .description("Seed 004's client PUTs with only Content-Type, so this URL, unlike POST /api/v1/uploads, "
                                + "does not require If-None-Match: a replay replaces the file until `expirationTime`.")
                        .body(true, seedPresignForm("application/x-www-form-urlencoded"), seedPresignForm("multipart/form-data"))
                        .ok(PresignedUploadResponse.class)
                        .errors(400, "VALIDATION_FAILED", "EMPTY_UPLOAD").errors(413, "UPLOAD_TOO_LARGE")
                        .errors(415, "UNSUPPORTED_MEDIA_TYPE").build(),
                post("/records/async").tag(SEED_004).summary("Create a record from an uploaded file")
                        .body(true, Content.json(CreateRecordRequest.class)).with(ApiCatalog::jsonBodyErrors)
                        .ok(RecordResponse.class)
                        .errors(400, "EMPTY_UPLOAD", "SIZE_MISMATCH").errors(404, "UPLOAD_NOT_FOUND")
                        .errors(409, "UPLOAD_EXPIRED", "UPLOAD_INCOMPLETE", "UPLOAD_ALREADY_USED")
                        .errors(503, "STORAGE_UNAVAILABLE").build(),
                get("/records/async/me").tag(SEED_004).summary("The caller's records, newest first, a page at a time")
                        .description("The seed's JSON array, one page of it. While more records follow, the X-Next-Cursor "
                                + "header holds the cursor of the next page (and Link the URL, rel=\"next\"); the last page has neither.")
                        .query("limit", int.class, "Page size, 1-" + AsyncRecordsController.MAX_PAGE,
                                String.valueOf(AsyncRecordsController.DEFAULT_PAGE))
                        .query("cursor", String.class, "X-Next-Cursor of the previous page", null)
                        .answer(200, "One page of records", new TreeMap<>(Map.of(
                                AsyncRecordsController.NEXT_CURSOR, "The cursor of the next page; absent on the last page",
                                "Link", "<URL of the next page>; rel=\"next\"; absent on the last page")),
                                Content.json(listOf(RecordResponse.class)))
                        .errors(400, "VALIDATION_FAILED", "INVALID_CURSOR").build(),
                get("/records/async/{id}").tag(SEED_004).summary("A record")
                        .pathParam("id", long.class, RECORD_ID)
                        .ok(RecordResponse.class)
                        .errors(404, "RECORD_NOT_FOUND").build(),
                delete("/records/async/{id}").tag(SEED_004).summary("Delete a record")
                        .pathParam("id", long.class, RECORD_ID)
                        .answer(204, "Deleted")
                        .errors(404, "RECORD_NOT_FOUND").build(),

                // seed 002
                post("/session/{id}/upload").tag(SEED_002).summary("Upload the session's recording; processing is queued at once")
                        .description("A new session id creates the session; a session takes one recording.")
                        .pathParam("id", String.class, SESSION_ID)
                        .body(true, Content.form("multipart/form-data",
                                new FormField("audio", String.class, true, true, "The audio file"),
                                new FormField("title", String.class, false, false, "Defaults to 'Session {id}'"),
                                new FormField("language", String.class, false, false, "A language code like 'en' or 'en-US'")))
                        .answer(202, "Queued", Content.json(Queued.class))
                        .errors(400, "VALIDATION_FAILED", "UNKNOWN_FIELD", "EMPTY_UPLOAD", "MALFORMED_MULTIPART")
                        .errors(409, "SESSION_EXISTS").errors(413, "UPLOAD_TOO_LARGE", "FIELD_TOO_LARGE")
                        .errors(415, "UNSUPPORTED_MEDIA_TYPE")
                        .errors(503, "STORAGE_UNAVAILABLE", "UPLOADS_BUSY").build(),
                get("/session/{id}/job-status").tag(SEED_002).summary("Where the session's processing stands")
                        .pathParam("id", String.class, SESSION_ID)
                        .ok(SessionJobStatus.class)
                        .errors(400, "VALIDATION_FAILED").errors(404, "SESSION_NOT_FOUND").build(),

                // live sessions (seed 003)
                get("/api/sessions").tag(LIVE).summary("The caller's live sessions, newest first")
                        .query("limit", int.class, "Page size, 1-100", "20")
                        .query("offset", int.class, "Sessions to skip", "0")
                        .ok(SessionList.class)
                        .errors(400, "VALIDATION_FAILED").build(),
                get("/api/sessions/{id}").tag(LIVE).summary("A live session with its chunks and their transcriptions")
                        .pathParam("id", String.class, LIVE_SESSION_ID)
                        .ok(SessionView.class)
                        .errors(404, "SESSION_NOT_FOUND").build(),
                delete("/api/sessions/{id}").tag(LIVE).summary("Delete a live session, its chunks and their audio")
                        .description("A record the session became is the caller's record now and stays.")
                        .pathParam("id", String.class, LIVE_SESSION_ID)
                        .answer(204, "Deleted")
                        .errors(404, "SESSION_NOT_FOUND").errors(503, "STORAGE_UNAVAILABLE").build(),
                get("/api/sessions/{id}/full.wav").tag(LIVE).summary("The whole session as 16 kHz mono PCM16 WAV")
                        .description("Made by the record's convert step once the session has stopped.")
                        .pathParam("id", String.class, LIVE_SESSION_ID)
                        .answer(200, "The WAV file", Content.text("audio/wav"))
                        .errors(404, "SESSION_NOT_FOUND").errors(409, "AUDIO_NOT_READY").errors(503, "STORAGE_UNAVAILABLE").build(),
                get("/api/sessions/{id}/chunks/{index}").tag(LIVE).summary("One chunk's audio as 16 kHz mono PCM16 WAV")
                        .pathParam("id", String.class, LIVE_SESSION_ID)
                        .pathParam("index", String.class, "The chunk's index, as seed 003 writes it: e.g. 3.wav (or 3)")
                        .answer(200, "The WAV file", Content.text("audio/wav"))
                        .errors(404, "SESSION_NOT_FOUND", "CHUNK_NOT_FOUND").errors(503, "STORAGE_UNAVAILABLE").build(),
                post("/api/sessions/{id}/chunks/{chunkId}/retranscribe").tag(LIVE)
                        .summary("Transcribe a chunk again, with another language or model")
                        .description("The result comes as chunk_transcribed on the WebSocket, and in GET /api/sessions/{id}.")
                        .pathParam("id", String.class, LIVE_SESSION_ID)
                        .pathParam("chunkId", String.class, "The chunk's id (a UUID)")
                        .body(false, Content.json(RetranscribeRequest.class)).with(ApiCatalog::jsonBodyErrors)
                        .answer(202, "Accepted: the chunk, pending", Content.json(LiveViews.RetranscribeAccepted.class))
                        .errors(400, "UNKNOWN_MODEL").errors(404, "SESSION_NOT_FOUND", "CHUNK_NOT_FOUND").build());
    }

    /** An authenticated route: a bearer token, and the database behind it. */
    private static Builder get(String path) {
        return authenticated(RouteDoc.get(path));
    }

    private static Builder delete(String path) {
        return authenticated(RouteDoc.delete(path));
    }

    private static Builder put(String path) {
        return authenticated(RouteDoc.put(path));
    }

    /** A playback link's file: the token in the path is the credential; refused when expired or tampered. */
    private static Builder hls(String path) {
        return RouteDoc.get(path).open().tag(PLAYBACK)
                .pathParam("token", String.class, HLS_TOKEN)
                .errors(403, "PLAYBACK_LINK_INVALID", "PLAYBACK_LINK_EXPIRED")
                .errors(404, "RENDITION_NOT_AVAILABLE")
                .errors(500, "INTERNAL_ERROR").errors(503, "DATABASE_UNAVAILABLE", "STORAGE_UNAVAILABLE");
    }

    /** An authenticated POST; every POST takes an Idempotency-Key (SPEC §4). */
    private static Builder post(String path) {
        return authenticated(RouteDoc.post(path))
                .header("Idempotency-Key", "Optional. A retry with the same key and body within 24 h gets the first "
                        + "response again instead of doing the work twice; the same key with another body is refused (422).")
                .errors(422, ErrorCodes.IDEMPOTENCY_KEY_REUSED);
    }

    private static Builder authenticated(Builder route) {
        return route.errors(401, "UNAUTHORIZED").errors(500, "INTERNAL_ERROR").errors(503, "DATABASE_UNAVAILABLE");
    }

    /** What reading a JSON body can refuse (Bodies.read, and the server's limit on JSON bodies). */
    private static Builder jsonBodyErrors(Builder route) {
        return route.errors(400, "MALFORMED_JSON", "UNKNOWN_FIELD", "VALIDATION_FAILED").errors(413, "PAYLOAD_TOO_LARGE")
                .errors(415, "UNSUPPORTED_MEDIA_TYPE", "UNSUPPORTED_CHARSET");
    }

    private static Content seedPresignForm(String mediaType) {
        return Content.form(mediaType,
                new FormField("originalFilename", String.class, true, false, "The file's name, for display"),
                new FormField("fileSize", long.class, true, false, "Exact length in bytes"),
                new FormField("contentType", String.class, true, false, "An audio content type, e.g. audio/mpeg"),
                new FormField("durationSeconds", long.class, false, false, "The recording's length, as the client knows it"));
    }

    private static Map<String, String> orderedTags(String... namesAndDescriptions) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < namesAndDescriptions.length; i += 2) {
            tags.put(namesAndDescriptions[i], namesAndDescriptions[i + 1]);
        }
        return Collections.unmodifiableMap(tags);
    }
}
