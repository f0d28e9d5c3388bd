package io.audiojobs.api.records;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.http.DisplayText;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.webhooks.WebhookTargets;

import java.net.URI;

/** Field rules of a new record; a broken rule is a 400 naming the field. */
final class RecordRules {
    private final boolean webhooksEnabled;
    private final WebhookTargets webhookTargets;

    RecordRules(AppConfig.Webhooks webhooks) {
        this.webhooksEnabled = webhooks.secret().isPresent();
        this.webhookTargets = webhooks.targets();
    }

    void check(NewRecord r) {
        if (r.title() == null || r.title().isBlank()) {
            throw invalid("title is required.");
        }
        if (r.title().length() > 255) {
            throw invalid("title must be at most 255 characters.");
        }
        DisplayText.require("title", r.title());
        if (r.language() != null && !r.language().matches("[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})?")) {
            throw invalid("language must be a language code like 'en' or 'en-US'.");
        }
        if (r.durationSeconds() != null && r.durationSeconds() < 0) {
            throw invalid("durationSeconds must not be negative.");
        }
        if (r.webhookUrl() != null && !isHttpUrl(r.webhookUrl())) {
            throw invalid("webhookUrl must be an absolute http(s) URL.");
        }
        if (r.webhookUrl() != null && !webhooksEnabled) {
            throw ApiError.badRequest("WEBHOOKS_DISABLED", "This server has no WEBHOOK_SECRET, so it sends no webhooks.");
        }
        if (r.webhookUrl() != null) {
            webhookTargets.refusalAsWritten(URI.create(r.webhookUrl())).ifPresent(why -> {
                throw invalid("webhookUrl is not allowed: " + why + ".");
            });
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ApiError invalid(String message) {
        return ApiError.badRequest("VALIDATION_FAILED", message);
    }
}
