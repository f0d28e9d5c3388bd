package io.audiojobs.shared.webhooks;

import io.audiojobs.shared.jobs.JobWork;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Runs {@link DeliverWebhook} with the worker's {@link JobWork}. */
public final class DeliverWebhookHandler implements JobRequestHandler<DeliverWebhook> {
    private final JobWork<DeliverWebhook> work;

    public DeliverWebhookHandler(JobWork<DeliverWebhook> work) {
        this.work = work;
    }

    @Override
    public void run(DeliverWebhook request) throws Exception {
        work.run(request, jobContext());
    }
}
