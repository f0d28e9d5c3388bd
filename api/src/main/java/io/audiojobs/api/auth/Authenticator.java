package io.audiojobs.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.audiojobs.shared.config.AppConfig;

import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies bearer tokens: signature (HS256 with AUTH_JWT_SECRET, or RS/ES keys from AUTH_JWKS_URL)
 * and expiry; the token's {@code sub} is the user id. A client sends the same token with every
 * request, so verified ones are remembered a short while ({@link VerifiedTokens}).
 */
public final class Authenticator {
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final VerifiedTokens verified = new VerifiedTokens(Clock.systemUTC());

    public Authenticator(AppConfig.Auth config) {
        config.requireConfigured();
        if (config.jwtSecret().isPresent()) {
            byte[] secret = config.jwtSecret().get().getBytes(StandardCharsets.UTF_8);
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
        } else {
            try {
                var keys = JWKSourceBuilder.<SecurityContext>create(config.jwksUrl().orElseThrow().toURL()).build();
                processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
                                JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.PS256), keys));
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("AUTH_JWKS_URL is not a URL", e);
            }
        }
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, Set.of("sub", "exp")));
    }

    /** The user id of a valid token, or empty for a missing, malformed, forged or expired one. */
    public Optional<String> userOf(String token) {
        Optional<String> known = verified.userOf(token);
        if (known.isPresent()) {
            return known;
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            Optional<String> user = Optional.ofNullable(claims.getSubject()).filter(s -> !s.isBlank());
            user.ifPresent(u -> verified.remember(token, u, claims.getExpirationTime().toInstant()));
            return user;
        } catch (ParseException | JOSEException | com.nimbusds.jose.proc.BadJOSEException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
