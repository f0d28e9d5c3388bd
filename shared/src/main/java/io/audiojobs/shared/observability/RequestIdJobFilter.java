package io.audiojobs.shared.observability;

import org.jobrunr.jobs.AbstractJob;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobClientFilter;
import org.jobrunr.jobs.filters.JobServerFilter;
import org.jobrunr.jobs.mappers.MDCMapper;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries the request id from the request into its jobs, and from a job into the jobs it enqueues,
 * and names the job and its record in the MDC while the job runs.
 *
 * <p>What JobRunr 8.7 already does, and this filter builds on: when a job is saved
 * (AbstractJobScheduler#saveJob) it copies the caller's whole MDC into the job's metadata as
 * {@code mdc-<key>} (MDCMapper), which is persisted with the job and kept across failed attempts
 * and retries (only SUCCEEDED and DELETED clear metadata); before a worker runs the job it sets the
 * MDC back from that metadata plus {@code jobrunr.jobId/jobName/jobSignature}, and it clears the MDC
 * once the job is done (BackgroundJobPerformer#run). So the request id needs no extra field.
 *
 * <p>This filter adds, on the client side ({@link #onCreating}): a request id for a job enqueued
 * where there is none (outside any request), so every chain of jobs has one; and it drops what a
 * child job would otherwise inherit from the job that enqueued it but is not its own (the parent's
 * jobId, recordId and jobrunr.* keys). On the server side ({@link #onProcessing}): the MDC keys
 * {@value #JOB_ID} and {@value #RECORD_ID} (from the job's {@code record:N} label) for the logs of
 * the job's run, and a request id for a run that has none (the jobs JobRunr creates from recurring
 * jobs skip the client filters); JobRunr clears them with the rest of the MDC when the run ends.
 *
 * <p>It is a {@link JobClientFilter} and a {@link JobServerFilter} only, never an ElectStateFilter:
 * JobRunr keeps a single ElectStateFilter (the retry filter). Register it on every
 * JobRequestScheduler ({@code new JobRequestScheduler(storage, List.of(new RequestIdJobFilter()))})
 * and on the BackgroundJobServer ({@code server.setJobFilters(List.of(..., new RequestIdJobFilter()))}).
 */
public final class RequestIdJobFilter implements JobClientFilter, JobServerFilter {
    public static final String JOB_ID = "jobId";
    public static final String RECORD_ID = "recordId";
    /** The metadata key under which JobRunr keeps the request id of a job. */
    public static final String REQUEST_ID_METADATA = metadataKey(RequestIds.MDC_KEY);

    private static final String RECORD_LABEL = "record:";
    /** Keys that name the job that is running; a job it enqueues must not inherit them. */
    private static final List<String> PER_JOB_KEYS = List.of(JOB_ID, RECORD_ID,
            MDCMapper.JOBRUNR_MDC_JOB_ID_KEY, MDCMapper.JOBRUNR_MDC_JOB_NAME_KEY, MDCMapper.JOBRUNR_MDC_JOB_SIGNATURE_KEY);

    @Override
    public void onCreating(AbstractJob abstractJob) {
        if (!(abstractJob instanceof Job job)) {
            return; // a recurring job's template has no metadata; the jobs it creates are Jobs
        }
        Map<String, Object> metadata = job.getMetadata();
        for (String key : PER_JOB_KEYS) {
            metadata.remove(metadataKey(key));
        }
        Object kept = metadata.get(REQUEST_ID_METADATA);
        if (!(kept instanceof String id) || !RequestIds.isSane(id)) {
            metadata.put(REQUEST_ID_METADATA, RequestIds.current().filter(RequestIds::isSane).orElseGet(RequestIds::generate));
        }
    }

    @Override
    public void onProcessing(Job job) {
        MDC.put(JOB_ID, job.getId().toString());
        recordIdOf(job).ifPresentOrElse(id -> MDC.put(RECORD_ID, id), () -> MDC.remove(RECORD_ID));
        if (MDC.get(RequestIds.MDC_KEY) == null) {
            // a job created without this filter: a recurring job's run (JobRunr creates those on the
            // server, with no client filter and no MDC). One id per run, inherited by what it enqueues.
            MDC.put(RequestIds.MDC_KEY, requestIdOf(job).orElseGet(RequestIds::generate));
        }
    }

    /** The request id a job carries, if any. */
    public static Optional<String> requestIdOf(Job job) {
        Object id = job.getMetadata().get(REQUEST_ID_METADATA);
        return id instanceof String s && RequestIds.isSane(s) ? Optional.of(s) : Optional.empty();
    }

    /** The record a job works on, from its {@code record:N} label. */
    public static Optional<String> recordIdOf(AbstractJob job) {
        for (String label : job.getLabels()) {
            if (label.startsWith(RECORD_LABEL)) {
                String id = label.substring(RECORD_LABEL.length());
                if (!id.isEmpty() && id.chars().allMatch(Character::isDigit)) {
                    return Optional.of(id);
                }
            }
        }
        return Optional.empty();
    }

    private static String metadataKey(String mdcKey) {
        return MDCMapper.JOBRUNR_MDC_KEY + "-" + mdcKey;
    }
}
