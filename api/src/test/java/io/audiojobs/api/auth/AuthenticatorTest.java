package io.audiojobs.api.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.audiojobs.api.Tokens;
import io.audiojobs.shared.config.AppConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens checked against keys published at a JWKS URL, served by a real local HTTP server. */
class AuthenticatorTest {
    private HttpServer jwksServer;

    @AfterEach
    void stop() {
        if (jwksServer != null) {
            jwksServer.stop(0);
        }
    }

    @Test
    void rs256_token_from_the_jwks_issuer_is_accepted_and_others_are_not() throws Exception {
        RSAKey issuerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        URI jwks = serveJwks(new JWKSet(issuerKey.toPublicJWK()).toString());
        var authenticator = new Authenticator(new AppConfig.Auth(Optional.empty(), Optional.of(jwks)));

        assertThat(authenticator.userOf(rs256("alice", issuerKey, Duration.ofHours(1)))).contains("alice");

        RSAKey strangerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertThat(authenticator.userOf(rs256("mallory", strangerKey, Duration.ofHours(1)))).isEmpty();
        assertThat(authenticator.userOf(rs256("alice", strangerKey, Duration.ofHours(1))))
                .as("alice's verified token is remembered, a forged one for alice is not").isEmpty();
        assertThat(authenticator.userOf(rs256("alice", issuerKey, Duration.ofMinutes(-5)))).isEmpty();
        assertThat(authenticator.userOf(Tokens.sign("alice", "an-hs256-secret-that-is-long-enough-yes", Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void hs256_secret_shorter_than_32_bytes_is_refused_at_start() {
        var config = new AppConfig.Auth(Optional.of("short"), Optional.empty());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Authenticator(config))
                .hasMessageContaining("AUTH_JWT_SECRET");
    }

    private static String rs256(String user, RSAKey key, Duration validity) throws Exception {
        var claims = new JWTClaimsSet.Builder().subject(user).expirationTime(Date.from(Instant.now().plus(validity))).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private URI serveJwks(String json) throws Exception {
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/.well-known/jwks.json", exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
        return URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/.well-known/jwks.json");
    }
}
