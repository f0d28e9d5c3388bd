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

/** HS256 tokens for tests, valid or deliberately expired. */
public final class Tokens {
    private Tokens() {}

    public static String sign(String user, String secret, Duration validity) {
        try {
            Instant now = Instant.now();
            var claims = new JWTClaimsSet.Builder().subject(user).issueTime(Date.from(now.minusSeconds(120)))
                    .expirationTime(Date.from(now.plus(validity))).build();
            var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
