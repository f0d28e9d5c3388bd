package io.audiojobs.stack;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.ConfigException;
import io.audiojobs.shared.config.Env;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Prints an HS256 JWT for a user, signed with AUTH_JWT_SECRET and naming AUTH_JWT_ISSUER and
 * AUTH_JWT_AUDIENCE (when set) from the environment or, failing that, from the running dev stack's
 * dev.env. The token is the last line of output.
 */
public final class TokenCommand {
    private TokenCommand() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].isBlank()) {
            System.err.println("usage: audiojobs token <user> [hours]");
            System.exit(2);
        }
        Duration validity = Duration.ofHours(args.length > 1 ? Long.parseLong(args[1]) : 24);
        var env = new Env(DevEnvFile.overlay(System.getenv(), DevInfrastructure.home(System.getenv())));
        System.out.println(sign(args[0], AppConfig.Auth.from(env), validity));
    }

    /** A token the API configured with {@code auth} accepts (HS256: {@code auth} must have the secret). */
    public static String sign(String user, AppConfig.Auth auth, Duration validity) throws JOSEException {
        String secret = auth.jwtSecret().orElseThrow(() ->
                new ConfigException("AUTH_JWT_SECRET is not set and no dev.env was found; start ./audiojobs dev first"));
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .subject(user)
                .issuer(auth.issuer().orElse(null))
                .audience(auth.audience().orElse(null))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validity)))
                .build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
