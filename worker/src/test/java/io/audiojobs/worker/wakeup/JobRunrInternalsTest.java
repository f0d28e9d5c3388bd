package io.audiojobs.worker.wakeup;

import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.JobSteward;
import org.jobrunr.server.tasks.steward.OnboardNewWorkTask;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instant pickup relies on JobRunr internals that are public but not documented. If a JobRunr
 * upgrade moves them, this test fails loudly: re-read JobRunrOnboarding before changing the pin.
 */
class JobRunrInternalsTest {

    @Test
    void jobrunr_is_the_pinned_version() {
        assertThat(BackgroundJobServer.class.getPackage().getImplementationVersion())
                .as("JobRunr version: instant pickup was written and measured against 8.7.0")
                .isEqualTo("8.7.0");
    }

    @Test
    void the_steward_keeps_its_onboarding_task_in_the_field_we_read() throws Exception {
        var field = JobSteward.class.getDeclaredField(JobRunrOnboarding.STEWARD_FIELD);
        assertThat(field.getType()).isEqualTo(OnboardNewWorkTask.class);
        assertThat(BackgroundJobServer.class.getMethod("getJobSteward").getReturnType()).isEqualTo(JobSteward.class);
    }

    @Test
    void the_onboarding_task_can_be_built_and_run_from_outside() throws Exception {
        var constructor = OnboardNewWorkTask.class.getConstructor(BackgroundJobServer.class);
        assertThat(Modifier.isPublic(constructor.getModifiers())).isTrue();
        assertThat(Modifier.isPublic(OnboardNewWorkTask.class.getMethod("runTaskThreadSafe").getModifiers())).isTrue();
    }
}
