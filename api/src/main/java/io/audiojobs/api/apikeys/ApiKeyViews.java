package io.audiojobs.api.apikeys;

import java.time.Instant;
import java.util.List;

/** The bodies of /api/v1/api-keys. */
public final class ApiKeyViews {
    private ApiKeyViews() {}

    public record CreateApiKey(String name) {}

    /** The only answer that carries the key itself: it is not stored and cannot be shown again. */
    public record CreatedApiKey(long id, String name, String prefix, String key, Instant createdAt) {
        static CreatedApiKey of(ApiKeys.Created created) {
            ApiKey k = created.key();
            return new CreatedApiKey(k.id(), k.name(), k.prefix(), created.secret(), k.createdAt());
        }
    }

    public record ApiKeyView(long id, String name, String prefix, Instant createdAt, Instant lastUsedAt) {
        static ApiKeyView of(ApiKey k) {
            return new ApiKeyView(k.id(), k.name(), k.prefix(), k.createdAt(), k.lastUsedAt());
        }
    }

    public record ApiKeyList(List<ApiKeyView> items) {}
}
