package dev.videojobs.local.sim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer. {@code declaredLength} larger than the body makes the server announce more bytes than it sends,
 * which is how truncated downloads are simulated.
 */
record SimResponse(int status, Map<String, String> headers, byte[] body, long declaredLength) {

    static SimResponse json(int status, Object value) {
        return bytes(status, "application/json", Json.bytes(value));
    }

    static SimResponse text(int status, String contentType, String body) {
        return bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static SimResponse bytes(int status, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new SimResponse(status, headers, body, body.length);
    }

    SimResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SimResponse(status, copy, body, declaredLength);
    }

    /** The first half of the body, still declaring the full length. */
    SimResponse truncated() {
        byte[] half = Arrays.copyOf(body, body.length / 2);
        return new SimResponse(status, headers, half, body.length);
    }

    /** The first half of the body as a complete, shorter response (valid HTTP, broken JSON). */
    SimResponse cutInHalf() {
        byte[] half = Arrays.copyOf(body, body.length / 2);
        return new SimResponse(status, headers, half, half.length);
    }
}
