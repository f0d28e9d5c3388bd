package io.audiojobs.bench;

import com.nimbusds.jose.JOSEException;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.stack.TokenCommand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's users, each with its own token. Load is spread over many users, as it is in
 * production, so the per-user write rate limit sees each one at a human rate.
 */
final class Users {
    private final List<String> tokens = new ArrayList<>();

    Users(int count, AppConfig.Auth auth) throws JOSEException {
        for (int i = 0; i < count; i++) {
            tokens.add(TokenCommand.sign("bench-user-" + i, auth, Duration.ofHours(6)));
        }
    }

    /** The token of the i-th request's user (round robin). */
    String token(int i) {
        return tokens.get(Math.floorMod(i, tokens.size()));
    }
}
