package io.audiojobs.api.apikeys;

import java.time.Instant;

/** A row of api_keys, without its hash: what the owner may see of a key after it was created. */
public record ApiKey(long id, String ownerId, String name, String prefix, Instant createdAt, Instant lastUsedAt) {}
