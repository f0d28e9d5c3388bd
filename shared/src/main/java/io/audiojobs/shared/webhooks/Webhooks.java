package io.audiojobs.shared.webhooks;

import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordStatus;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.scheduling.JobRequestScheduler;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import static org.jobrunr.scheduling.JobBuilder.aJob;

/**
 * Announces a record's final status to its webhook URL: one webhook_deliveries row and one JobRunr
 * job per (record, final status), both with the same stable id derived from the record and the
 * status, so announcing again — a worker re-running the final step — changes nothing. A record
 * without a webhook URL announces nothing. The worker's delivery job POSTs it, signed, with retries.
 *
 * <p>Call it after the record's final status is committed, never from inside that transaction: the
 * job may start before an open transaction commits, and would then find no delivery row.
 */
public final class Webhooks {
    public static final String STEP_LABEL = "step:webhook";

    private final int retriesAfterFirst;

    /** @param retriesAfterFirst JobRunr retries of a delivery after its first attempt (WEBHOOK_ATTEMPTS - 1) */
    public Webhooks(int retriesAfterFirst) {
        if (retriesAfterFirst < 0) {
            throw new IllegalArgumentException("retriesAfterFirst must be >= 0, got " + retriesAfterFirst);
        }
        this.retriesAfterFirst = retriesAfterFirst;
    }

    /** The delivery id of a record's announcement of {@code status}: the same on every call, every process. */
    public static UUID deliveryId(long recordId, RecordStatus status) {
        return UUID.nameUUIDFromBytes(("webhook/" + recordId + "/" + status.name()).getBytes(StandardCharsets.UTF_8));
    }

    public static String jobName(long recordId) {
        return "webhook record " + recordId;
    }

    /**
     * Announces {@code finalStatus} (COMPLETED or FAILED) of the record if it has a webhook URL.
     * {@code record} may be a copy read before the status was finished: only its id and webhook URL
     * are used. Returns the delivery id, or empty when there is nothing to announce.
     */
    public Optional<UUID> announce(Jdbi jdbi, JobRequestScheduler scheduler, Record record, RecordStatus finalStatus) {
        requireFinal(finalStatus);
        if (record.webhookUrl() == null || record.webhookUrl().isBlank()) {
            return Optional.empty();
        }
        return announce(jdbi, scheduler, record.id(), finalStatus);
    }

    /** The same for a record known by id only (the URL is read from the records table). */
    public Optional<UUID> announce(Jdbi jdbi, JobRequestScheduler scheduler, long recordId, RecordStatus finalStatus) {
        requireFinal(finalStatus);
        Optional<WebhookDelivery> delivery = jdbi.inTransaction(h -> {
            WebhookDeliveryDao dao = h.attach(WebhookDeliveryDao.class);
            dao.insertIfAbsent(deliveryId(recordId, finalStatus), recordId, finalStatus);
            // the row that holds the announcement, whoever inserted it
            return dao.findFor(recordId, finalStatus);
        });
        delivery.filter(d -> d.state() == WebhookDeliveryState.PENDING).ifPresent(d -> scheduler.create(aJob()
                .withId(d.id())
                .withName(jobName(recordId))
                .withLabels("record:" + recordId, STEP_LABEL)
                .withAmountOfRetries(retriesAfterFirst)
                .withJobRequest(new DeliverWebhook(d.id()))));
        return delivery.map(WebhookDelivery::id);
    }

    private static void requireFinal(RecordStatus status) {
        if (status == null || !status.isFinal()) {
            throw new IllegalArgumentException("only a final status (COMPLETED or FAILED) is announced, got " + status);
        }
    }
}
