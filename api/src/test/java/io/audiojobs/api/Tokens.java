package io.audiojobs.api;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** HS256 tokens for tests, valid or deliberately expired, issued for the test API ({@link ApiHarness}). */
public final class Tokens {
    public static final String ISSUER = "audiojobs-test";
    public static final String AUDIENCE = "audiojobs";

    private Tokens() {}

    public static String sign(String user, String secret, Duration validity) {
        return sign(claims(user, validity).build(), secret);
    }

    /** The claims of a valid token for the test API, to change one of them. */
    public static JWTClaimsSet.Builder claims(String user, Duration validity) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(user).issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(now.minusSeconds(120))).expirationTime(Date.from(now.plus(validity)));
    }

    public static String sign(JWTClaimsSet claims, String secret) {
        try {
            var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
