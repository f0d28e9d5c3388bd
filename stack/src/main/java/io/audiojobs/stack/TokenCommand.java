package io.audiojobs.stack;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.audiojobs.shared.config.ConfigException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * Prints an HS256 JWT for a user, signed with AUTH_JWT_SECRET from the environment or, failing
 * that, from the running dev stack's dev.env. The token is the last line of output.
 */
public final class TokenCommand {
    private TokenCommand() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].isBlank()) {
            System.err.println("usage: audiojobs token <user> [hours]");
            System.exit(2);
        }
        Duration validity = Duration.ofHours(args.length > 1 ? Long.parseLong(args[1]) : 24);
        Map<String, String> env = DevEnvFile.overlay(System.getenv(), DevInfrastructure.home(System.getenv()));
        String secret = env.get("AUTH_JWT_SECRET");
        if (secret == null || secret.isBlank()) {
            throw new ConfigException("AUTH_JWT_SECRET is not set and no dev.env was found; start ./audiojobs dev first");
        }
        System.out.println(sign(args[0], secret, validity));
    }

    public static String sign(String user, String secret, Duration validity) throws JOSEException {
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .subject(user)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validity)))
                .build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
