package io.audiojobs.stack;

import io.audiojobs.api.auth.Authenticator;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCommandTest {
    private static final String SECRET = "dev-secret-that-is-long-enough-for-hs256";

    @Test
    void a_dev_token_names_the_issuer_and_audience_the_api_checks() throws Exception {
        var dev = AppConfig.Auth.from(new Env(Map.of("AUTH_JWT_SECRET", SECRET,
                "AUTH_JWT_ISSUER", "audiojobs-dev", "AUTH_JWT_AUDIENCE", "audiojobs")));
        String token = TokenCommand.sign("alice", dev, Duration.ofHours(1));

        assertThat(new Authenticator(dev).userOf(token)).contains("alice");
        var otherAudience = AppConfig.Auth.from(new Env(Map.of("AUTH_JWT_SECRET", SECRET, "AUTH_JWT_AUDIENCE", "another-app")));
        assertThat(new Authenticator(otherAudience).userOf(token)).isEmpty();
    }
}
