package dev.videojobs.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Field-by-field validation of a JSON request body. Every failure is an {@link InvalidRequest} whose message starts
 * with the field name, so clients (and their tests) can tell exactly what was wrong. Explicit JSON nulls count as
 * absent.
 */
final class BodyCheck {
    private final ObjectNode body;
    private final String prefix;

    private BodyCheck(ObjectNode body, String prefix) {
        this.body = body;
        this.prefix = prefix;
    }

    static BodyCheck of(byte[] raw) {
        JsonNode node = Json.parseOrNull(raw);
        if (node == null || !node.isObject()) {
            throw new InvalidRequest("request body must be a JSON object");
        }
        return new BodyCheck((ObjectNode) node, "");
    }

    /** Checks a nested object; field names in messages get {@code prefix.} in front. */
    static BodyCheck nested(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            throw new InvalidRequest(name + " must be an object");
        }
        return new BodyCheck((ObjectNode) node, name + ".");
    }

    ObjectNode body() {
        return body;
    }

    boolean has(String name) {
        JsonNode value = body.get(name);
        return value != null && !value.isNull();
    }

    JsonNode get(String name) {
        return has(name) ? body.get(name) : null;
    }

    /** Unknown fields are refused: the real API would silently ignore a misspelt field, hiding a client bug. */
    BodyCheck allowOnly(Set<String> allowed, String context) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidRequest(prefix + name + " is not a parameter of " + context
                        + " (allowed: " + allowed.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
        return this;
    }

    String requiredString(String name, int maxLength) {
        if (!has(name)) {
            throw new InvalidRequest(prefix + name + " is required");
        }
        String value = optionalString(name, maxLength);
        if (value.isBlank()) {
            throw new InvalidRequest(prefix + name + " must not be empty");
        }
        return value;
    }

    /** Lengths count UTF-16 code units, as {@link dev.videojobs.core.model.PromptLimit} does for video-jobs' own check. */
    String optionalString(String name, int maxLength) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRequest(prefix + name + " must be a string");
        }
        if (value.textValue().length() > maxLength) {
            throw new InvalidRequest(prefix + name + " must be at most " + maxLength + " UTF-16 code units (got "
                    + value.textValue().length() + ")");
        }
        return value.textValue();
    }

    double optionalNumber(String name, double min, double max, double defaultValue) {
        JsonNode value = get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isNumber() || value.doubleValue() < min || value.doubleValue() > max) {
            throw new InvalidRequest(prefix + name + " must be a number between " + format(min) + " and "
                    + format(max) + " (got " + value + ")");
        }
        return value.doubleValue();
    }

    /** A JSON integer from min to max. */
    long requiredInteger(String name, long min, long max) {
        JsonNode value = get(name);
        if (value == null) {
            throw new InvalidRequest(prefix + name + " is required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw new InvalidRequest(prefix + name + " must be an integer from " + min + " to " + max + " (got " + value + ")");
        }
        return value.longValue();
    }

    /** A JSON integer (not a string, not 5.0) from the allowed set. */
    int optionalIntEnum(String name, int defaultValue, int... allowed) {
        JsonNode value = get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || Arrays.stream(allowed).noneMatch(a -> a == value.intValue())) {
            throw new InvalidRequest(prefix + name + " must be an integer, one of "
                    + Arrays.toString(allowed) + " (got " + value + ")");
        }
        return value.intValue();
    }

    /** A JSON string from the allowed set (a number is refused even if its digits match). */
    String optionalStringEnum(String name, String defaultValue, String... allowed) {
        JsonNode value = get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isTextual() || !Arrays.asList(allowed).contains(value.textValue())) {
            throw new InvalidRequest(prefix + name + " must be a string, one of "
                    + Arrays.stream(allowed).map(a -> "\"" + a + "\"").collect(Collectors.joining(", "))
                    + " (got " + value + ")");
        }
        return value.textValue();
    }

    boolean optionalBoolean(String name, boolean defaultValue) {
        JsonNode value = get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw new InvalidRequest(prefix + name + " must be a boolean (got " + value + ")");
        }
        return value.booleanValue();
    }

    ArrayNode requiredArray(String name, int minItems, int maxItems) {
        if (!has(name)) {
            throw new InvalidRequest(prefix + name + " is required");
        }
        return optionalArray(name, minItems, maxItems);
    }

    ArrayNode optionalArray(String name, int minItems, int maxItems) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw new InvalidRequest(prefix + name + " must be an array");
        }
        if (value.size() < minItems || value.size() > maxItems) {
            throw new InvalidRequest(prefix + name + " must have " + minItems + " to " + maxItems
                    + " items (got " + value.size() + ")");
        }
        return (ArrayNode) value;
    }

    /** An http(s) URL, for webhook and callback targets. */
    String optionalUrl(String name) {
        String value = optionalString(name, 2048);
        if (value != null) {
            requireHttpUrl(prefix + name, value);
        }
        return value;
    }

    static void requireHttpUrl(String field, String value) {
        try {
            java.net.URI uri = java.net.URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return;
            }
        } catch (IllegalArgumentException ignored) {
            // fall through to the error below
        }
        throw new InvalidRequest(field + " must be an absolute http(s) URL");
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
