package dev.videojobs.adapter.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.model.RequestJson;
import dev.videojobs.core.model.RequestValidator;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Malformed bodies are refused, never repaired, and the refusal speaks the client's language. */
class RequestJsonPropertiesTest {

    private static final String VALID = "{\"model\":\"kling-v1.6-i2v-pro\",\"image\":\"https://example.com/a.png\",\"prompt\":\"slow dolly-in\","
            + "\"duration\":5,\"guidance_scale\":0.5,\"metadata\":{\"order\":[1,2,{\"k\":\"v\"}]},\"timeout_seconds\":600}";
    private static final String[] GARBAGE = {"x", "garbage", "{}", "{\"model\":\"kling-v1.6-i2v-pro\"}", "[", "]", "}", ",", "\"s\"",
            "1", "null", "\u0000", "\ud800", "\\", "/*", "1e2147483648", "\"\\ud800\"", ":", "tru", "\u00e9", "\ufeff"};
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$.]+\\(");
    private final RequestValidator validator = new RequestValidator(Map.of(), 3600, 86400,
            new AddressPolicy(false, Set.of(), host -> { throw new UnknownHostException(host); }));

    @Property(tries = 3000)
    void shouldRefuseAsInvalidJson_whenAValueIsFollowedByMoreContent(@ForAll("trees") long seed, @ForAll("suffixes") String suffix) {
        String body = Json.write(tree(new Random(seed))) + suffix;

        assertThatThrownBy(() -> RequestJson.parse(body)).isInstanceOfSatisfying(ClientError.class, refused -> {
            assertThat(ApiResponse.status(refused.kind())).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("invalid_json");
        });
    }

    @Property(tries = 3000)
    void shouldNameTheField_whenAnyStringOfTheRequestHoldsALoneSurrogate(@ForAll("trees") long seed, @ForAll boolean escaped,
            @ForAll("surrogates") char surrogate) {
        Random random = new Random(seed);
        ObjectNode tree = tree(random);
        List<String[]> leaves = new ArrayList<>();
        leaves(tree, "", leaves);
        String[] chosen = leaves.get(random.nextInt(leaves.size()));
        String marker = "MARK" + Long.toHexString(random.nextLong());
        set(tree, chosen[1], "a" + marker + "b");
        String body = Json.write(tree).replace(marker, escaped ? String.format("\\u%04x", (int) surrogate) : String.valueOf(surrogate));

        assertThatThrownBy(() -> RequestJson.parse(body)).isInstanceOfSatisfying(ClientError.class, refused -> {
            assertThat(ApiResponse.status(refused.kind())).isEqualTo(400);
            assertThat(refused.field()).isEqualTo(chosen[0]);
        });
    }

    @Property(tries = 5000)
    void shouldAnswer4xxInTheClientsTerms_whenTheBodyIsMalformed(@ForAll("malformed") String body, @ForAll boolean base64) throws Exception {
        ObjectNode event = Json.object().put("httpMethod", "POST").put("resource", "/v1/jobs")
                .put("body", base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body)
                .put("isBase64Encoded", base64);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ApiGatewayEvents.handle(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), out, request -> {
            validator.validate(request.body());
            return ApiResponse.of(200, Json.object());
        });

        JsonNode response = Json.parse(out.toByteArray());
        int status = response.path("statusCode").asInt();
        String message = Json.parse(response.path("body").asText()).path("error").path("message").asText();
        assertThat(status).isBetween(200, 499);
        if (status >= 400) {
            assertThat(message).isNotBlank();
            assertClientTerms(message);
        }
    }

    @Property(tries = 2000)
    void shouldAnswer400InTheClientsTerms_whenTheBodyIsNotUtf8(@ForAll("bytes") byte[] body) throws Exception {
        ObjectNode event = Json.object().put("httpMethod", "POST").put("resource", "/v1/jobs")
                .put("body", Base64.getEncoder().encodeToString(body)).put("isBase64Encoded", true);
        boolean utf8 = java.util.Arrays.equals(new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ApiGatewayEvents.handle(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), out,
                request -> ApiResponse.of(200, Json.object().put("body", request.body())));

        JsonNode response = Json.parse(out.toByteArray());
        JsonNode reply = Json.parse(response.path("body").asText());
        if (utf8) {
            assertThat(response.path("statusCode").asInt()).isEqualTo(200);
            assertThat(reply.path("body").asText()).isEqualTo(new String(body, StandardCharsets.UTF_8));
        } else {
            assertThat(response.path("statusCode").asInt()).isEqualTo(400);
            assertThat(reply.path("error").path("code").asText()).isEqualTo("invalid_encoding");
            assertClientTerms(reply.path("error").path("message").asText());
        }
    }

    private static void assertClientTerms(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        assertThat(lower).doesNotContain("com.fasterxml", "java.", "exception", "jackson", "feature", "source:", "`");
        assertThat(STACK_FRAME.matcher(message).find()).as("stack frame in %s", message).isFalse();
    }

    @Provide
    Arbitrary<Long> trees() {
        return Arbitraries.longs().withoutEdgeCases();
    }

    @Provide
    Arbitrary<String> suffixes() {
        Arbitrary<String> whitespace = Arbitraries.of("", " ", "\n", "\t\r\n ");
        Arbitrary<String> content = Arbitraries.oneOf(Arbitraries.of(GARBAGE).filter(s -> !s.equals("\ufeff")),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(20).filter(s -> !s.isBlank()));
        return net.jqwik.api.Combinators.combine(whitespace, content).as((space, text) -> space + text)
                .filter(s -> !s.strip().isEmpty());
    }

    @Provide
    Arbitrary<Character> surrogates() {
        return Arbitraries.chars().range('\ud800', '\udfff');
    }

    /** A valid request body mutated: cut, with characters inserted, deleted or replaced, or with content appended. */
    @Provide
    Arbitrary<String> malformed() {
        return Arbitraries.longs().withoutEdgeCases().map(seed -> {
            Random random = new Random(seed);
            String body = random.nextInt(4) == 0 ? Json.write(tree(random)) : VALID;
            int mutations = 1 + random.nextInt(3);
            for (int i = 0; i < mutations; i++) {
                int at = random.nextInt(body.length() + 1);
                String piece = random.nextBoolean() ? GARBAGE[random.nextInt(GARBAGE.length)] : String.valueOf((char) random.nextInt(0x10000));
                body = switch (random.nextInt(6)) {
                    case 0 -> body.substring(0, at);
                    case 1 -> body.substring(0, at) + piece + body.substring(at);
                    case 2 -> at < body.length() ? body.substring(0, at) + body.substring(at + 1) : body + piece;
                    case 3 -> body + piece;
                    case 4 -> "[".repeat(random.nextInt(1500)) + body;
                    default -> body.replace("0.5", random.nextBoolean() ? "1e999999999" : "1e-2147483649");
                };
            }
            return body;
        });
    }

    /** Byte strings that are often valid UTF-8 (multi-byte characters) and often not (stray, cut or overlong bytes). */
    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.longs().withoutEdgeCases().map(seed -> {
            Random random = new Random(seed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String[] valid = {"{", "\"a\"", ":", "é", "中", "😀", " ", "}"};
            byte[][] invalid = {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xc0, (byte) 0xaf},
                    {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}, {(byte) 0x80}, {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
            int pieces = random.nextInt(30);
            boolean spoil = random.nextBoolean();
            for (int i = 0; i < pieces; i++) {
                if (spoil && random.nextInt(8) == 0) {
                    out.writeBytes(invalid[random.nextInt(invalid.length)]);
                } else {
                    out.writeBytes(valid[random.nextInt(valid.length)].getBytes(StandardCharsets.UTF_8));
                }
            }
            return out.toByteArray();
        });
    }

    /** A random JSON object: nested objects and arrays of strings, numbers, booleans; distinct field names. */
    private static ObjectNode tree(Random random) {
        ObjectNode root = Json.object().put("text", "v"); // at least one string
        fill(root, random, 0, new int[1]);
        return root;
    }

    private static void fill(JsonNode node, Random random, int depth, int[] names) {
        int children = random.nextInt(depth == 0 ? 6 : 4) + (depth == 0 ? 1 : 0);
        for (int i = 0; i < children; i++) {
            int kind = depth >= 3 ? random.nextInt(3) : random.nextInt(5);
            JsonNode child = switch (kind) {
                case 0 -> Json.MAPPER.getNodeFactory().textNode("s" + random.nextInt(1000));
                case 1 -> Json.MAPPER.getNodeFactory().numberNode(random.nextInt());
                case 2 -> Json.MAPPER.getNodeFactory().booleanNode(random.nextBoolean());
                case 3 -> Json.object();
                default -> Json.array();
            };
            if (kind >= 3) {
                fill(child, random, depth + 1, names);
            }
            if (node instanceof ObjectNode object) {
                object.set("f" + names[0]++, child);
            } else {
                ((ArrayNode) node).add(child);
            }
        }
    }

    /** Every string leaf as {field path in the validator's notation, JSON pointer}. */
    private static void leaves(JsonNode node, String path, List<String[]> out) {
        leaves(node, path, "", out);
    }

    private static void leaves(JsonNode node, String path, String pointer, List<String[]> out) {
        if (node.isTextual()) {
            out.add(new String[] {path, pointer});
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            leaves(node.get(i), path + "[" + i + "]", pointer + "/" + i, out);
        }
        node.fields().forEachRemaining(field -> leaves(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
                pointer + "/" + field.getKey(), out));
    }

    private static void set(ObjectNode root, String pointer, String value) {
        String parent = pointer.substring(0, pointer.lastIndexOf('/'));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode container = parent.isEmpty() ? root : root.at(parent);
        if (container instanceof ObjectNode object) {
            object.put(last, value);
        } else {
            ((ArrayNode) container).set(Integer.parseInt(last), Json.MAPPER.getNodeFactory().textNode(value));
        }
    }
}
