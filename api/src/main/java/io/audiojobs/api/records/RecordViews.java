package io.audiojobs.api.records;

import io.audiojobs.shared.pipeline.ProcessingStep;
import io.audiojobs.shared.records.Record;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of /api/v1/records. */
public final class RecordViews {
    private RecordViews() {}

    public record CreateRecord(String title, Long uploadId, String language, Long songId, Integer durationSeconds,
                               Boolean deleteAudioAfterProcessing, String webhookUrl) {}

    public record RecordView(long id, String title, String status, int progress, long uploadId, String language,
                             Long songId, Integer durationSeconds, Long audioDurationMs, boolean deleteAudioAfterProcessing,
                             String webhookUrl, UUID jobId, String failedReason, Instant createdAt, Instant updatedAt) {
        public static RecordView of(Record r) {
            return new RecordView(r.id(), r.title(), r.status().name(), r.progress(), r.uploadId(), r.language(), r.songId(),
                    r.durationSeconds(), r.audioDurationMs(), r.deleteAudioAfterProcessing(), r.webhookUrl(), r.jobId(),
                    r.failedReason(), r.createdAt(), r.updatedAt());
        }
    }

    /** 202 of POST /records. */
    public record Accepted(RecordView record, UUID jobId, String statusUrl) {}

    public record Page(List<RecordView> items, String nextCursor) {}

    public record StepView(String name, String status, int progress, int attempts, Instant startedAt, Instant finishedAt,
                           String error) {
        static StepView of(ProcessingStep s) {
            return new StepView(s.name(), s.status().name(), s.progress(), s.attempts(), s.startedAt(), s.finishedAt(), s.error());
        }
    }

    /** GET /records/{id}/job-status, as SPEC §4 lists it. */
    public record JobStatus(long recordId, UUID jobId, String status, int progress, int attemptsMade, String failedReason,
                            Instant updatedAt, List<StepView> steps) {
        public static JobStatus of(Record r, List<ProcessingStep> steps) {
            // attempts of the step the record is at: the last one that has run at all
            int attemptsMade = steps.stream().filter(s -> s.attempts() > 0)
                    .max(Comparator.comparingInt(ProcessingStep::position))
                    .map(ProcessingStep::attempts).orElse(0);
            return new JobStatus(r.id(), r.jobId(), r.status().name(), r.progress(), attemptsMade, r.failedReason(),
                    r.updatedAt(), steps.stream().map(StepView::of).toList());
        }
    }
}
