package dev.videojobs.core.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.json.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * A client's JSON body, parsed strictly: one JSON value and nothing after it, no duplicate keys, numbers the parser can
 * hold, and only well-formed Unicode in its strings and field names. Errors say what is wrong in the client's terms
 * (what and where, never the parser's own message).
 */
public final class RequestJson {

    private RequestJson() {
    }

    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw invalidJson("request body is empty");
        }
        JsonNode parsed;
        try {
            parsed = Json.parse(body);
        } catch (JsonProcessingException e) {
            throw invalidJson("request body is not valid JSON: " + reason(e) + where(e.getLocation()));
        } catch (NumberFormatException | ArithmeticException e) {
            // an exponent beyond what a decimal can hold (e.g. 1e2147483648): the parser fails outside its own errors
            throw invalidJson("request body is not valid JSON: a number is out of range");
        }
        requireWellFormedUnicode(parsed, "");
        return parsed;
    }

    private static String reason(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "unexpected end of input";
        }
        if (e instanceof StreamConstraintsException) {
            return "it is nested too deeply or holds a number or string too long";
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage().startsWith("Duplicate field")) {
            return "a field name appears twice in one object";
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage().startsWith("Trailing token")) {
            return "more content after the JSON value";
        }
        return "unexpected content";
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** A lone UTF-16 surrogate (e.g. the escape \ud800 without its pair) is no character: it would be mangled later. */
    private static void requireWellFormedUnicode(JsonNode node, String path) {
        if (node.isTextual() && hasLoneSurrogate(node.textValue())) {
            throw ClientError.invalid(path.isEmpty() ? null : path, (path.isEmpty() ? "request body" : "'" + path + "'")
                    + " contains an unpaired UTF-16 surrogate (such as \\ud800 without its low half); it is not valid text");
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireWellFormedUnicode(node.get(i), path + "[" + i + "]");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (hasLoneSurrogate(field.getKey())) {
                throw ClientError.invalid(path.isEmpty() ? null : path, "a field name " + (path.isEmpty() ? "" : "in '" + path + "' ")
                        + "contains an unpaired UTF-16 surrogate (such as \\ud800 without its low half); it is not valid text");
            }
            requireWellFormedUnicode(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
        }
    }

    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static ClientError invalidJson(String message) {
        return new ClientError(ClientError.Kind.INVALID, "invalid_json", message, null);
    }
}
