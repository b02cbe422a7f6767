package dev.videojobs.local.stack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Local API keys, their ids and their default tenant ids. API Gateway gives each key an id of its own; locally the id
 * is derived from the key, as the tenant id is, so both stay the same from one run to the next.
 */
public final class Tenants {

    public static final String DEFAULT_KEY = "local-dev-key";

    private Tenants() {
    }

    public static String tenantOf(String apiKey) {
        return "t" + HexFormat.of().formatHex(sha256(apiKey), 0, 5);
    }

    /** The key's id, what API Gateway passes the function as {@code requestContext.identity.apiKeyId}. */
    public static String keyIdOf(String apiKey) {
        return "k" + HexFormat.of().formatHex(sha256("api-key-id:" + apiKey), 0, 5);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
