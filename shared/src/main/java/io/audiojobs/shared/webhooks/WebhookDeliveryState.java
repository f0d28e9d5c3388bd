package io.audiojobs.shared.webhooks;

/** Where a webhook delivery stands: PENDING until a 2xx (DELIVERED) or the last attempt failed (FAILED). */
public enum WebhookDeliveryState {
    PENDING, DELIVERED, FAILED
}
