package io.audiojobs.shared.observability;

import io.audiojobs.shared.jobs.ConvertAudio;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.filters.ApplyStateFilter;
import org.jobrunr.jobs.filters.ElectStateFilter;
import org.jobrunr.jobs.filters.JobClientFilter;
import org.jobrunr.jobs.filters.JobServerFilter;
import org.jobrunr.jobs.mappers.MDCMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter on its own; JobObservabilityTest (worker) runs it on a real job server and database. */
class RequestIdJobFilterTest {
    private final RequestIdJobFilter filter = new RequestIdJobFilter();

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void it_is_a_client_and_server_filter_and_never_an_elect_state_filter() {
        assertThat(filter).isInstanceOf(JobClientFilter.class).isInstanceOf(JobServerFilter.class)
                .isNotInstanceOf(ElectStateFilter.class).isNotInstanceOf(ApplyStateFilter.class);
    }

    @Test
    void a_job_enqueued_inside_a_request_keeps_the_request_id_jobrunr_copied_from_the_mdc() {
        MDC.put(RequestIds.MDC_KEY, "req-1");
        Job job = created(List.of("record:42", "step:convert"));
        assertThat(job.getMetadata()).containsEntry("mdc-requestId", "req-1");
        assertThat(RequestIdJobFilter.requestIdOf(job)).contains("req-1");
    }

    @Test
    void a_job_enqueued_outside_any_request_gets_an_id_of_its_own() {
        Job job = created(List.of());
        assertThat(RequestIdJobFilter.requestIdOf(job)).hasValueSatisfying(id -> assertThat(RequestIds.isSane(id)).isTrue());
    }

    @Test
    void a_job_enqueued_by_a_job_inherits_the_request_id_but_not_the_parents_job_and_record() {
        // the MDC of a running job: what JobRunr loaded plus what the filter added
        MDC.put(RequestIds.MDC_KEY, "req-2");
        MDC.put(MDCMapper.JOBRUNR_MDC_JOB_ID_KEY, "parent-id");
        MDC.put(MDCMapper.JOBRUNR_MDC_JOB_NAME_KEY, "convert record 42");
        MDC.put(RequestIdJobFilter.JOB_ID, "parent-id");
        MDC.put(RequestIdJobFilter.RECORD_ID, "42");
        MDC.put("tenant", "kept");
        Job child = created(List.of("record:42", "step:transcribe"));
        assertThat(child.getMetadata()).containsEntry("mdc-requestId", "req-2").containsEntry("mdc-tenant", "kept")
                .doesNotContainKeys("mdc-jobId", "mdc-recordId", "mdc-jobrunr.jobId", "mdc-jobrunr.jobName");
    }

    @Test
    void while_a_job_runs_the_mdc_names_its_request_job_and_record() {
        MDC.put(RequestIds.MDC_KEY, "req-3");
        Job job = created(List.of("step:convert", "record:7"));
        MDC.clear();
        MDCMapper.loadMDCContextFromJob(job); // what BackgroundJobPerformer does before the run
        filter.onProcessing(job);
        assertThat(MDC.get("requestId")).isEqualTo("req-3");
        assertThat(MDC.get("jobId")).isEqualTo(job.getId().toString());
        assertThat(MDC.get("recordId")).isEqualTo("7");
    }

    @Test
    void a_job_without_a_record_label_has_no_record_id_in_the_mdc() {
        Job job = created(List.of());
        MDC.put(RequestIdJobFilter.RECORD_ID, "stale");
        filter.onProcessing(job);
        assertThat(MDC.get("recordId")).isNull();
        assertThat(MDC.get("requestId")).isEqualTo(RequestIdJobFilter.requestIdOf(job).orElseThrow());
    }

    @Test
    void a_job_created_without_the_filter_runs_with_an_id_of_its_own() {
        // as JobRunr creates a recurring job's runs: no client filter, no MDC
        Job job = new Job(UUID.randomUUID(), new JobDetails(new ConvertAudio(1)));
        filter.onProcessing(job);
        assertThat(RequestIds.current()).hasValueSatisfying(id -> assertThat(RequestIds.isSane(id)).isTrue());
    }

    /** A job as JobRequestScheduler builds it: JobRunr copies the MDC, then the client filters run. */
    private Job created(List<String> labels) {
        Job job = new Job(UUID.randomUUID(), new JobDetails(new ConvertAudio(1)));
        job.setLabels(labels);
        MDCMapper.saveMDCContextToJob(job);
        filter.onCreating(job);
        return job;
    }
}
