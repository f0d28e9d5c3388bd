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
import io.audiojobs.shared.config.Env;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Tokens checked against keys published at a JWKS URL, served by a real local HTTP server. */
class AuthenticatorTest {
    private static final String ISSUER = "https://idp.example/";
    private static final String AUDIENCE = "audiojobs";

    private HttpServer jwksServer;
    private volatile String jwksJson;

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
        var authenticator = new Authenticator(jwksConfig(jwks, "1m"));

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
        var config = new AppConfig.Auth(Optional.of("short"), Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(30), Duration.ofMinutes(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Authenticator(config))
                .hasMessageContaining("AUTH_JWT_SECRET");
    }

    @Test
    void a_key_added_at_the_jwks_endpoint_is_picked_up() throws Exception {
        RSAKey first = new RSAKeyGenerator(2048).keyID("k1").generate();
        URI jwks = serveJwks(new JWKSet(first.toPublicJWK()).toString());
        var authenticator = new Authenticator(jwksConfig(jwks, "10m"));
        assertThat(authenticator.userOf(rs256("alice", first, Duration.ofHours(1)))).contains("alice");

        RSAKey rotated = new RSAKeyGenerator(2048).keyID("k2").generate();
        jwksJson = new JWKSet(java.util.List.of(first.toPublicJWK(), rotated.toPublicJWK())).toString();
        assertThat(authenticator.userOf(rs256("bob", rotated, Duration.ofHours(1))))
                .as("an unknown kid makes the key set be fetched again, long before the cache expires").contains("bob");
    }

    @Test
    void a_withdrawn_key_stops_working_within_the_configured_time() throws Exception {
        RSAKey withdrawn = new RSAKeyGenerator(2048).keyID("old").generate();
        RSAKey kept = new RSAKeyGenerator(2048).keyID("new").generate();
        URI jwks = serveJwks(new JWKSet(java.util.List.of(withdrawn.toPublicJWK(), kept.toPublicJWK())).toString());
        var authenticator = new Authenticator(jwksConfig(jwks, "2s"));
        String token = rs256("alice", withdrawn, Duration.ofHours(1));
        assertThat(authenticator.userOf(token)).contains("alice");
        assertThat(authenticator.userOf(rs256("bob", kept, Duration.ofHours(1)))).contains("bob");

        jwksJson = new JWKSet(kept.toPublicJWK()).toString();
        long withdrawnAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100))
                .until(() -> authenticator.userOf(token).isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - withdrawnAt)).as("AUTH_JWKS_TTL=2s").isLessThanOrEqualTo(Duration.ofMillis(2300));
        assertThat(authenticator.userOf(rs256("bob", kept, Duration.ofHours(1)))).contains("bob");
    }

    @Test
    void a_jwks_token_for_another_audience_or_issuer_is_refused() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        var authenticator = new Authenticator(jwksConfig(serveJwks(new JWKSet(key.toPublicJWK()).toString()), "1m"));
        assertThat(authenticator.userOf(sign(key, claims("alice", Duration.ofHours(1)).audience("other").build()))).isEmpty();
        assertThat(authenticator.userOf(sign(key, claims("alice", Duration.ofHours(1)).issuer("https://evil.example/").build()))).isEmpty();
        assertThat(authenticator.userOf(sign(key, claims("alice", Duration.ofHours(1)).build()))).contains("alice");
    }

    /** The API's auth settings as the environment gives them (the same path as the process). */
    private static AppConfig.Auth jwksConfig(URI jwks, String ttl) {
        return AppConfig.from(new Env(Map.of("DATABASE_URL", "jdbc:postgresql://db/x", "S3_ENDPOINT", "http://s3:9000",
                "S3_BUCKET", "b", "S3_ACCESS_KEY", "a", "S3_SECRET_KEY", "s", "AUTH_JWKS_URL", jwks.toString(),
                "AUTH_JWT_ISSUER", ISSUER, "AUTH_JWT_AUDIENCE", AUDIENCE, "AUTH_JWKS_TTL", ttl))).auth();
    }

    private static JWTClaimsSet.Builder claims(String user, Duration validity) {
        return new JWTClaimsSet.Builder().subject(user).issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plus(validity)));
    }

    private static String rs256(String user, RSAKey key, Duration validity) throws Exception {
        return sign(key, claims(user, validity).build());
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private URI serveJwks(String json) throws Exception {
        jwksJson = json;
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/.well-known/jwks.json", exchange -> {
            byte[] body = jwksJson.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
        return URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/.well-known/jwks.json");
    }
}
