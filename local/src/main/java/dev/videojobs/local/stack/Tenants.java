package dev.videojobs.local.stack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Local API keys and their tenant ids (API Gateway gives each key an id; locally it is derived from the key). */
public final class Tenants {

    public static final String DEFAULT_KEY = "local-dev-key";

    private Tenants() {
    }

    public static String tenantOf(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return "t" + HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
