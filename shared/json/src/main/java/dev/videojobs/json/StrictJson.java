package dev.videojobs.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.videojobs.json.InvalidJsonException.Problem;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A client's JSON body, parsed strictly: one JSON value and nothing after it, no duplicate keys, numbers the parser can
 * hold, and only well-formed Unicode in its strings and field names. The result is plain Java data, so that the core
 * never sees a JSON library.
 */
public final class StrictJson {

    private static final ObjectWriter CANONICAL = Json.MAPPER.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);

    private StrictJson() {
    }

    /**
     * A parsed body. {@code value} is plain data as {@link Json#toPlain} gives it: objects as ordered
     * {@code Map<String, Object>} (JSON null values kept as null), arrays as {@code List<Object>}, integers (tokens
     * without fraction or exponent) as {@code Integer}, {@code Long} or {@code BigInteger} by size, every other number as
     * an exact {@code BigDecimal}, and {@code String}, {@code Boolean}, {@code null}. {@code canonicalSha256} is the hex
     * SHA-256 of the body written with its keys sorted: the same JSON in any key order has the same hash.
     */
    public record Document(Object value, String canonicalSha256) {}

    public static Document read(String body) throws InvalidJsonException {
        if (body == null || body.isBlank()) {
            throw notJson("request body is empty");
        }
        JsonNode parsed;
        try {
            parsed = Json.parse(body);
        } catch (JsonProcessingException e) {
            throw notJson("request body is not valid JSON: " + reason(e) + where(e.getLocation()));
        } catch (NumberFormatException | ArithmeticException e) {
            // an exponent beyond what a decimal can hold (e.g. 1e2147483648): the parser fails outside its own errors
            throw notJson("request body is not valid JSON: a number is out of range");
        }
        requireWellFormedUnicode(parsed, "");
        return new Document(Json.plain(parsed), canonicalSha256(parsed));
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
    private static void requireWellFormedUnicode(JsonNode node, String path) throws InvalidJsonException {
        if (node.isTextual() && hasLoneSurrogate(node.textValue())) {
            throw new InvalidJsonException(Problem.INVALID_TEXT, (path.isEmpty() ? "request body" : "'" + path + "'")
                    + " contains an unpaired UTF-16 surrogate (such as \\ud800 without its low half); it is not valid text",
                    path.isEmpty() ? null : path);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireWellFormedUnicode(node.get(i), path + "[" + i + "]");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (hasLoneSurrogate(field.getKey())) {
                throw new InvalidJsonException(Problem.INVALID_TEXT, "a field name " + (path.isEmpty() ? "" : "in '" + path + "' ")
                        + "contains an unpaired UTF-16 surrogate (such as \\ud800 without its low half); it is not valid text",
                        path.isEmpty() ? null : path);
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

    /** Hashed from the parsed tree, so that numbers are written as the parser read them (e.g. 1.50 as 1.5). */
    private static String canonicalSha256(JsonNode node) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(node);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InvalidJsonException notJson(String message) {
        return new InvalidJsonException(Problem.NOT_JSON, message, null);
    }
}
