package dev.videojobs.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        return (Map<String, Object>) plain(node);
    }

    /**
     * A walk of the tree, not databind's convertValue: the same values without initialising Jackson's deserializers,
     * which a function's cold start would pay for on its first job. Numbers are the parser's own (Integer, Long,
     * BigInteger, BigDecimal: floats are read as BigDecimal).
     */
    static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> object = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> object.put(field.getKey(), plain(field.getValue())));
            return object;
        }
        if (node.isArray()) {
            List<Object> array = new ArrayList<>(node.size());
            node.forEach(element -> array.add(plain(element)));
            return array;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isTextual() ? node.textValue() : null;
    }

    /** Plain data as a tree, by the same kind of walk (no serializer lookups). */
    static JsonNode tree(Object value) {
        JsonNodeFactory nodes = MAPPER.getNodeFactory();
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            map.forEach((name, element) -> object.set(String.valueOf(name), tree(element)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode(list.size());
            list.forEach(element -> array.add(tree(element)));
            return array;
        }
        if (value instanceof String text) {
            return nodes.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return nodes.booleanNode(flag);
        }
        if (value instanceof Integer number) {
            return nodes.numberNode(number);
        }
        if (value instanceof Long number) {
            return nodes.numberNode(number);
        }
        if (value instanceof BigInteger number) {
            return nodes.numberNode(number);
        }
        if (value instanceof BigDecimal number) {
            return nodes.numberNode(number);
        }
        if (value instanceof Double number) {
            return nodes.numberNode(number);
        }
        if (value == null) {
            return nodes.nullNode();
        }
        throw new IllegalArgumentException("not plain JSON data: " + value.getClass().getSimpleName());
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
        return (ObjectNode) tree(values);
    }

    /** Plain data (see {@link #toPlain}) as JSON text. */
    public static String writePlain(Object values) {
        return write(tree(values));
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
