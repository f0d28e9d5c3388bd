package io.audiojobs.shared.webhooks;

import io.audiojobs.shared.records.RecordStatus;

import java.time.Instant;
import java.util.UUID;

/**
 * One announcement of a record's final status to its webhook URL (a webhook_deliveries row).
 * {@code lastStatusCode} is null when no HTTP answer came (connection refused, timeout).
 */
public record WebhookDelivery(
        UUID id,
        long recordId,
        RecordStatus status,
        String url,
        WebhookDeliveryState state,
        int attempts,
        Integer lastStatusCode,
        String lastError,
        Instant createdAt,
        Instant lastAttemptAt,
        Instant deliveredAt) {

    /**
     * The JSON body POSTed to the receiver, the same on every attempt:
     * {@code {"recordId":42,"status":"COMPLETED","deliveryId":"…"}}.
     */
    public String body() {
        return "{\"recordId\":" + recordId + ",\"status\":\"" + status.name() + "\",\"deliveryId\":\"" + id + "\"}";
    }
}
