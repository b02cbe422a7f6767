package dev.videojobs.local.sim;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.time.Instant;

/**
 * Kling's bearer JWT: HS256 with the secret key, iss = access key, exp and nbf. Codes: 1001 no token, 1002 not a
 * usable JWT, 1000 wrong signature/issuer/algorithm, 1003 nbf in the future, 1004 expired.
 */
final class KlingAuth {
    record Rejection(int code, String message) {
    }

    private final String accessKey;
    private final Algorithm algorithm;

    KlingAuth(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.algorithm = Algorithm.HMAC256(secretKey);
    }

    /** Null when the header carries a valid token. */
    Rejection check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Rejection(KlingCodes.AUTH_EMPTY, "Authorization is empty");
        }
        if (!authorization.startsWith("Bearer ")) {
            return new Rejection(KlingCodes.AUTH_INVALID, "Authorization must be Bearer <jwt>");
        }
        DecodedJWT jwt;
        try {
            jwt = JWT.decode(authorization.substring("Bearer ".length()).trim());
        } catch (JWTDecodeException e) {
            return new Rejection(KlingCodes.AUTH_INVALID, "Authorization is not a valid JWT");
        }
        if (!"HS256".equals(jwt.getAlgorithm())) {
            return new Rejection(KlingCodes.AUTH_FAILED, "JWT must be signed with HS256");
        }
        try {
            algorithm.verify(jwt);
        } catch (SignatureVerificationException e) {
            return new Rejection(KlingCodes.AUTH_FAILED, "Authentication failed: bad JWT signature");
        }
        if (!accessKey.equals(jwt.getIssuer())) {
            return new Rejection(KlingCodes.AUTH_FAILED, "Authentication failed: unknown access key (iss)");
        }
        Instant now = Instant.now();
        if (jwt.getExpiresAtAsInstant() == null) {
            return new Rejection(KlingCodes.AUTH_INVALID, "JWT has no exp claim");
        }
        if (jwt.getNotBeforeAsInstant() != null && jwt.getNotBeforeAsInstant().isAfter(now)) {
            return new Rejection(KlingCodes.AUTH_NOT_YET_VALID, "Authorization is not yet valid (nbf)");
        }
        if (!jwt.getExpiresAtAsInstant().isAfter(now)) {
            return new Rejection(KlingCodes.AUTH_EXPIRED, "Authorization has expired (exp)");
        }
        return null;
    }
}
