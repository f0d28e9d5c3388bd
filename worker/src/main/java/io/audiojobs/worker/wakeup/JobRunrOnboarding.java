package io.audiojobs.worker.wakeup;

import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.JobSteward;
import org.jobrunr.server.tasks.steward.OnboardNewWorkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.function.Supplier;

/**
 * Asks a JobRunr background job server to fetch new work now instead of at its next poll.
 *
 * <p>JobRunr OSS has no public API for this, so it uses internals that are public but not
 * documented (pinned JobRunr version; JobRunrInternalsTest fails loudly if an upgrade moves them):
 * the {@link OnboardNewWorkTask} that the server's {@link JobSteward} runs on every poll and when
 * a worker thread goes idle. We call the steward's own instance rather than a second one because
 * its ReentrantLock then serializes our wake-ups with the poll: at most one fetch at a time per
 * node, each asking for no more jobs than there are free workers. If a later JobRunr renames the
 * field, we fall back to a task of our own (still correct — JobRunr's fetch claims jobs with
 * optimistic locking — just an occasional extra concurrent fetch) and say so in the log.
 */
public final class JobRunrOnboarding implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(JobRunrOnboarding.class);
    static final String STEWARD_FIELD = "onboardNewWorkTask";

    private final Supplier<BackgroundJobServer> servers;
    private volatile JobSteward steward;
    private volatile OnboardNewWorkTask task;

    /** @param servers the node's current server (the supervisor may replace it after an outage) */
    public JobRunrOnboarding(Supplier<BackgroundJobServer> servers) {
        this.servers = servers;
    }

    /** The steward's own onboarding task; the server must be started. */
    static OnboardNewWorkTask stewardsTask(BackgroundJobServer server) {
        JobSteward steward = server.getJobSteward();
        try {
            Field field = JobSteward.class.getDeclaredField(STEWARD_FIELD);
            field.setAccessible(true);
            return (OnboardNewWorkTask) field.get(steward);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("JobRunr internals changed ({}); instant pickup uses its own onboarding task", e.toString());
            return new OnboardNewWorkTask(server);
        }
    }

    @Override
    public void run() {
        BackgroundJobServer server = servers.get();
        JobSteward current = server.getJobSteward();
        if (!server.isRunning() || server.isNotReadyToProcessJobs() || current == null) {
            return; // not started yet: its first poll fetches anyway
        }
        if (current != steward) { // first use, or the server was restarted with a new steward
            task = stewardsTask(server);
            steward = current;
        }
        task.runTaskThreadSafe();
    }
}
