package dev.videojobs.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The one ObjectMapper of a container: built once, tree model only (no reflective data binding on hot paths). Strict:
 * a document is one JSON value (trailing content is an error, not ignored) with no duplicate keys.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Json() {
    }

    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    public static JsonNode parse(byte[] bytes) throws java.io.IOException {
        return MAPPER.readTree(bytes);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * JSON as plain Java data, for code that must not see a JSON library (the core): objects as ordered
     * {@code Map<String, Object>}, arrays as {@code List<Object>}, numbers as {@code BigDecimal} or {@code Integer}/
     * {@code Long}/{@code BigInteger}, and {@code String}, {@code Boolean}, {@code null}.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toPlain(ObjectNode node) {
        return MAPPER.convertValue(node, Map.class);
    }

    /** Reads a JSON object as plain data (see {@link #toPlain}); anything else is an {@link IllegalArgumentException}. */
    public static Map<String, Object> readPlainObject(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return toPlain(object);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Plain data (see {@link #toPlain}) as a JSON tree. */
    public static ObjectNode fromPlain(Map<String, ?> values) {
        return MAPPER.valueToTree(values);
    }

    /** Plain data (see {@link #toPlain}) as JSON text. */
    public static String writePlain(Object values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A plain value (see {@link #toPlain}) as Jackson's {@code asText()} gives it for the same JSON: a string as is, a
     * number or boolean as its text, an object or array as "" (null as "null"), for messages that quote what was sent.
     */
    public static String plainText(Object value) {
        if (value instanceof Map || value instanceof List) {
            return "";
        }
        return String.valueOf(value);
    }

    /** Text of a field, or null when it is absent or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
