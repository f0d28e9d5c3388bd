package io.audiojobs.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import io.audiojobs.api.http.DisplayText;
import io.audiojobs.shared.config.AppConfig;

import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies bearer tokens: signature (HS256 with AUTH_JWT_SECRET, or RS/ES/PS keys from
 * AUTH_JWKS_URL), expiry and not-before (with AUTH_CLOCK_SKEW of leeway), and the issuer and
 * audience when configured (always with a JWKS); the token's {@code sub} is the user id. A client
 * sends the same token with every request, so verified ones are remembered a short while
 * ({@link VerifiedTokens}).
 *
 * <p>A key withdrawn from the JWKS stops being accepted within AUTH_JWKS_TTL: the key set is
 * fetched again once half of it has passed, and a token verified with the old set is remembered
 * for the other half at most. A token naming a key the cached set lacks makes it be fetched at
 * once (rate limited), so a new key works as soon as it is published.
 */
public final class Authenticator implements TokenUsers {
    /** How long a token verified with the shared secret is remembered: the secret changes only with a restart. */
    static final Duration SHARED_SECRET_TOKENS_KEPT = Duration.ofMinutes(1);
    private static final Duration MOST_JWKS_FETCHES = Duration.ofSeconds(30);
    /** Nimbus's defaults wait 500 ms for the JWKS: a busy identity provider would refuse every new token. */
    private static final DefaultResourceRetriever JWKS_HTTP =
            new DefaultResourceRetriever(2_000, 2_000, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
    private static final Set<JWSAlgorithm> KEY_PAIR_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.PS256);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final VerifiedTokens verified;

    public Authenticator(AppConfig.Auth config) {
        config.requireConfigured();
        if (config.jwtSecret().isPresent()) {
            byte[] secret = config.jwtSecret().get().getBytes(StandardCharsets.UTF_8);
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
            verified = new VerifiedTokens(Clock.systemUTC(), SHARED_SECRET_TOKENS_KEPT);
        } else {
            Duration keySetKept = config.jwksTtl().dividedBy(2);
            long rateLimit = Math.min(MOST_JWKS_FETCHES.toMillis(), keySetKept.toMillis() / 2);
            try {
                var keys = JWKSourceBuilder.<SecurityContext>create(config.jwksUrl().orElseThrow().toURL(), JWKS_HTTP)
                        .cache(keySetKept.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                        .refreshAheadCache(false)
                        .rateLimited(rateLimit)
                        .build();
                processor.setJWSKeySelector(new JWSVerificationKeySelector<>(KEY_PAIR_ALGORITHMS, keys));
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("AUTH_JWKS_URL is not a URL", e);
            }
            verified = new VerifiedTokens(Clock.systemUTC(), config.jwksTtl().minus(keySetKept));
        }
        processor.setJWTClaimsSetVerifier(claimsVerifier(config));
    }

    private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(AppConfig.Auth config) {
        Set<String> required = new HashSet<>(Set.of("sub", "exp"));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        config.issuer().ifPresent(issuer -> {
            exact.issuer(issuer);
            required.add("iss");
        });
        Set<String> audience = config.audience().map(Set::of).orElse(null);
        var verifier = new DefaultJWTClaimsVerifier<SecurityContext>(audience, exact.build(), required, null);
        verifier.setMaxClockSkew((int) config.clockSkew().toSeconds());
        return verifier;
    }

    /** The user id of a valid token, or empty for a missing, malformed, forged, expired or foreign one. */
    @Override
    public Optional<String> userOf(String token) {
        Optional<String> known = verified.userOf(token);
        if (known.isPresent()) {
            return known;
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            // a user id is shown and stored: one with control characters (U+0000 among them) names no one
            Optional<String> user = Optional.ofNullable(claims.getSubject()).filter(s -> !s.isBlank() && DisplayText.isPlain(s));
            user.ifPresent(u -> verified.remember(token, u, claims.getExpirationTime().toInstant()));
            return user;
        } catch (ParseException | JOSEException | BadJOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
