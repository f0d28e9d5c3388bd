package io.audiojobs.api.auth;

import java.util.Optional;

/** Who a bearer token belongs to (a JWT, or an API key where those are accepted); empty when it is refused. */
@FunctionalInterface
public interface TokenUsers {
    Optional<String> userOf(String token);
}
