package io.audiojobs.shared.webhooks;

import org.jobrunr.jobs.lambdas.JobRequest;

import java.util.UUID;

/**
 * Delivers one webhook: the row {@code webhook_deliveries.id = deliveryId}. Carries the id only; the
 * job's own id is the delivery id too (see {@link Webhooks}).
 */
public record DeliverWebhook(UUID deliveryId) implements JobRequest {
    @Override
    public Class<DeliverWebhookHandler> getJobRequestHandler() {
        return DeliverWebhookHandler.class;
    }
}
