package io.audiojobs.shared.storage;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** A URL a client can call without S3 credentials, with the headers it must send as signed. */
public record PresignedUrl(String method, URI url, Map<String, String> headers, Instant expiresAt) {}
