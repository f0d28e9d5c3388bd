package io.audiojobs.worker.webhooks;

/** A delivery attempt that did not get a 2xx: thrown so that JobRunr retries it with backoff. */
public final class WebhookDeliveryException extends Exception {
    public WebhookDeliveryException(String message) {
        super(message);
    }
}
