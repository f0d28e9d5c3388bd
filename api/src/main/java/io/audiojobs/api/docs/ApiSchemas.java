package io.audiojobs.api.docs;

import io.audiojobs.api.http.ErrorBody;
import io.audiojobs.api.playback.PlaybackViews.AudioLink;
import io.audiojobs.api.playback.PlaybackViews.BookmarkView;
import io.audiojobs.api.playback.PlaybackViews.BookmarkWrite;
import io.audiojobs.api.playback.PlaybackViews.PlayRequest;
import io.audiojobs.api.playback.PlaybackViews.PlaySession;
import io.audiojobs.api.playback.PlaybackViews.PositionWrite;
import io.audiojobs.api.playback.PlaybackViews.ProgressWrite;
import io.audiojobs.api.playback.PlaybackViews.ResumePoint;
import io.audiojobs.api.playback.PlaybackViews.StreamInfo;
import io.audiojobs.api.records.RecordViews.Accepted;
import io.audiojobs.api.records.RecordViews.CreateRecord;
import io.audiojobs.api.records.RecordViews.JobStatus;
import io.audiojobs.api.records.RecordViews.Page;
import io.audiojobs.api.records.RecordViews.RecordView;
import io.audiojobs.api.records.RecordViews.StepView;
import io.audiojobs.api.records.Retranscription;
import io.audiojobs.api.seeds.AsyncRecordsController.CreateRecordRequest;
import io.audiojobs.api.seeds.AsyncRecordsController.RecordResponse;
import io.audiojobs.api.seeds.SessionsController.Queued;
import io.audiojobs.api.seeds.SessionsController.SessionJobStatus;
import io.audiojobs.api.transcripts.TranscriptsController.TranscriptView;
import io.audiojobs.api.uploads.UploadViews.CompleteUpload;
import io.audiojobs.api.uploads.UploadViews.CreateUpload;
import io.audiojobs.api.uploads.UploadViews.MultipartPlan;
import io.audiojobs.api.uploads.UploadViews.PartRef;
import io.audiojobs.api.uploads.UploadViews.PutPlan;
import io.audiojobs.api.uploads.UploadViews.UploadState;
import io.audiojobs.shared.analysis.Analysis;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.pipeline.StepName;
import io.audiojobs.shared.pipeline.StepStatus;
import io.audiojobs.shared.records.RecordStatus;
import io.audiojobs.shared.uploads.UploadMethod;
import io.audiojobs.shared.uploads.UploadStatus;

import java.util.Arrays;

/**
 * What the request and response records cannot say by their types: required request fields (the
 * handlers check them), response fields that may be null (the database columns that may be), the
 * values of status strings (from the enums the handlers take them from), and a word on some fields.
 */
public final class ApiSchemas {
    private static final String PROGRESS = "0-100; never goes back, retries included";
    private static final String[] RENDITIONS = {"hls", "mp3", "original"};
    private static final String[] QUALITIES = {"auto", "low", "high"};
    private static final String SPEED = "Playback speed 0.25-4; the last one is kept when left out";
    private static final String SESSION = "Who wrote it (the playbackSessionId of POST /audio/play, or any id of "
            + "1-64 letters, digits, '-' or '_'); playback events carry it";

    private ApiSchemas() {}

    public static SchemaHints hints() {
        return new SchemaHints()
                // request bodies
                .required(CreateUpload.class, "contentType", "sizeBytes")
                .describe(CreateUpload.class, "filename", "For display only; object keys are made by the server")
                .describe(CreateUpload.class, "contentType", "An audio type (audio/*, video/webm, video/mp4)")
                .describe(CreateUpload.class, "sizeBytes", "Exact length; above the multipart threshold (64 MiB by default) "
                        + "the answer is a multipart plan")
                .describe(CreateUpload.class, "sha256", "Hex SHA-256 of the file")
                .required(PartRef.class, "partNumber", "etag")
                .describe(CompleteUpload.class, "parts", "The parts and the ETags S3 gave them; leave out to use the parts S3 holds")
                .required(CreateRecord.class, "title", "uploadId")
                .describe(CreateRecord.class, "language", "A language code like 'en' or 'en-US'")
                .describe(CreateRecord.class, "webhookUrl", "An absolute http(s) URL")
                .required(CreateRecordRequest.class, "title", "uploadId")
                .name(Retranscription.Request.class, "RetranscribeRequest")
                .values(Retranscription.Request.class, "engine", AppConfig.Stt.ENGINES.stream().sorted().toArray(String[]::new))
                .describe(Retranscription.Request.class, "language", "Defaults to the record's language")
                .describe(Retranscription.Request.class, "engine", "Defaults to the server's STT_ENGINE")
                .describe(Retranscription.Request.class, "model", "Defaults to the engine's configured model")
                // uploads
                .values(PutPlan.class, "method", "PUT")
                .describe(PutPlan.class, "headers", "Send these headers with the PUT")
                .values(MultipartPlan.class, "method", "MULTIPART")
                .describe(MultipartPlan.class, "partSize", "Bytes per part; the last part may be smaller")
                .values(UploadState.class, "status", UploadStatus.class)
                .values(UploadState.class, "method", UploadMethod.class)
                .nullable(UploadState.class, "uploadedAt")
                // records
                .values(RecordView.class, "status", RecordStatus.class)
                .describe(RecordView.class, "progress", PROGRESS)
                .nullable(RecordView.class, "language", "webhookUrl", "failedReason")
                .describe(Accepted.class, "statusUrl", "Where to follow the processing")
                .nullable(Page.class, "nextCursor")
                .describe(Page.class, "nextCursor", "Pass as ?cursor= for the next page; null on the last page")
                .values(JobStatus.class, "status", RecordStatus.class)
                .describe(JobStatus.class, "progress", PROGRESS)
                .describe(JobStatus.class, "attemptsMade", "Runs of the step the record is at, the first included")
                .nullable(JobStatus.class, "failedReason")
                .values(StepView.class, "name", Arrays.stream(StepName.values()).map(StepName::key).toArray(String[]::new))
                .values(StepView.class, "status", StepStatus.class)
                .nullable(StepView.class, "startedAt", "finishedAt", "error")
                // playback
                .describe(AudioLink.class, "url", "Needs no credentials until expiresAt: for hls an API URL with a signed "
                        + "token in its path (playlists and segments), else a presigned S3 GET")
                .values(AudioLink.class, "rendition", RENDITIONS)
                .describe(AudioLink.class, "rendition", "What the URL serves: asked for hls before it exists, mp3 or original")
                .values(AudioLink.class, "quality", QUALITIES)
                .required(PositionWrite.class, "positionMs")
                .describe(PositionWrite.class, "positionMs", "0 to the audio's length (checked once convert has measured it)")
                .describe(PositionWrite.class, "speed", SPEED)
                .describe(PositionWrite.class, "playbackSessionId", SESSION)
                .nullable(ResumePoint.class, "playbackSessionId", "updatedAt")
                .describe(ResumePoint.class, "version", "Grows by one with every write (0: never written); the higher "
                        + "version is the later state")
                .describe(ResumePoint.class, "speed", "The last playback speed written")
                .required(BookmarkWrite.class, "positionMs")
                .describe(BookmarkWrite.class, "endMs", "Makes the bookmark an A-B loop from positionMs to endMs")
                .describe(BookmarkWrite.class, "label", "Up to 200 characters; empty when left out")
                .nullable(BookmarkView.class, "endMs")
                .describe(BookmarkView.class, "loop", "True when endMs is set")
                .values(StreamInfo.class, "rendition", RENDITIONS)
                .nullable(StreamInfo.class, "durationMs")
                .describe(StreamInfo.class, "positionMs", "The user's resume point")
                .required(PlayRequest.class, "scriptId")
                .describe(PlayRequest.class, "scriptId", "A record id")
                .values(PlayRequest.class, "quality", QUALITIES)
                .values(PlaySession.class, "rendition", RENDITIONS)
                .nullable(PlaySession.class, "durationMs")
                .describe(PlaySession.class, "playbackSessionId", "Send it with this player's progress writes; "
                        + "playback events carry it, so the player can ignore its own")
                .required(ProgressWrite.class, "scriptId", "positionMs")
                .describe(ProgressWrite.class, "scriptId", "A record id")
                .describe(ProgressWrite.class, "speed", SPEED)
                .describe(ProgressWrite.class, "playbackSessionId", SESSION)
                // transcripts
                .nullable(TranscriptView.class, "language", "model")
                .values(Analysis.Summary.class, "status", "OFF", "OK", "MISSING")
                .nullable(Analysis.Summary.class, "text", "missingReason")
                // seeds
                .values(RecordResponse.class, "processingStatus", "PROCESSING", "COMPLETED", "FAILED")
                .values(Queued.class, "status", "QUEUED")
                .values(SessionJobStatus.class, "status", RecordStatus.class)
                .nullable(SessionJobStatus.class, "failedReason")
                .describe(SessionJobStatus.class, "timestamp", "When the status last changed, in epoch milliseconds")
                // errors
                .describe(ErrorBody.Detail.class, "code", "A stable upper-case code; each response lists the codes it can carry "
                        + "(new codes may be added, so treat unknown ones by the HTTP status)")
                .describe(ErrorBody.Detail.class, "path", "The request's path");
    }
}
