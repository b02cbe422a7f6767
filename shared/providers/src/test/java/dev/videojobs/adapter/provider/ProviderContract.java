package dev.videojobs.adapter.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The providers' published examples under {@code provider-contract/} (see its SOURCES.md), shared with the simulator's
 * tests through this module's test-jar.
 */
public final class ProviderContract {

    /** Kling's docs put this where a value goes. */
    public static final String PLACEHOLDER = "string";

    private ProviderContract() {
    }

    /** The fixture's text, exactly as stored. */
    public static String text(String name) {
        try (InputStream in = ProviderContract.class.getResourceAsStream("/provider-contract/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture provider-contract/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String name) {
        try {
            return Json.parse(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + name + " is not JSON", e);
        }
    }

    /**
     * Every field path with its JSON type: {@code data.task_result.images[].url_1 -> string}. Array items share one
     * path ({@code []}), so a list of one and a list of three have the same shape.
     */
    public static Map<String, String> shape(JsonNode node) {
        Map<String, String> paths = new TreeMap<>();
        walk(node, "", paths);
        return paths;
    }

    private static void walk(JsonNode node, String path, Map<String, String> paths) {
        if (!path.isEmpty()) {
            paths.put(path, type(node));
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                walk(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), paths);
            }
        } else if (node.isArray()) {
            node.forEach(item -> walk(item, path + "[]", paths));
        }
    }

    private static String type(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** A copy with each placeholder value of the named fields (at any depth) replaced, e.g. task_status -> succeed. */
    public static JsonNode filled(JsonNode fixture, Map<String, String> valuesByField) {
        JsonNode copy = fixture.deepCopy();
        fill(copy, valuesByField);
        return copy;
    }

    private static void fill(JsonNode node, Map<String, String> valuesByField) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (PLACEHOLDER.equals(field.getValue().textValue()) && valuesByField.containsKey(field.getKey())) {
                    field.setValue(Json.MAPPER.getNodeFactory().textNode(valuesByField.get(field.getKey())));
                } else {
                    fill(field.getValue(), valuesByField);
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> fill(item, valuesByField));
        }
    }
}
