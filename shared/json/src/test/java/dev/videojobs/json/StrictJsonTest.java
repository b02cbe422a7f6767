package dev.videojobs.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict reader gives plain data that says what the JSON said, and a fingerprint that ignores key order only. */
class StrictJsonTest {

    @Test
    void shouldKeepIntegersApartFromOtherNumbers_whenTheBodyHoldsNumbers() throws Exception {
        StrictJson.Document document = StrictJson.read("{\"a\":5,\"b\":5.0,\"c\":5e0,\"d\":5000000000,\"e\":18446744073709551616,"
                + "\"f\":1e-999999999,\"g\":null,\"h\":[true,\"s\"]}");

        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) document.value();
        assertThat(body.keySet()).containsExactly("a", "b", "c", "d", "e", "f", "g", "h");
        assertThat(body.get("a")).isEqualTo(5);
        assertThat(body.get("b")).isInstanceOf(BigDecimal.class);
        assertThat(body.get("c")).isInstanceOf(BigDecimal.class);
        assertThat(body.get("d")).isEqualTo(5_000_000_000L);
        assertThat(body.get("e")).isEqualTo(BigInteger.ONE.shiftLeft(64));
        assertThat(((BigDecimal) body.get("f")).signum()).isEqualTo(1);
        assertThat(body.containsKey("g")).isTrue();
        assertThat(body.get("g")).isNull();
        assertThat(body.get("h")).isEqualTo(List.of(true, "s"));
    }

    @Property(tries = 1000)
    void shouldReadAsToPlainAndWriteBackAsTheTree_whenTheBodyIsAnyObject(@ForAll("bodies") String text) throws Exception {
        JsonNode tree = Json.parse(text);

        Object plain = StrictJson.read(text).value();

        assertThat(plain).isEqualTo(Json.toPlain((com.fasterxml.jackson.databind.node.ObjectNode) tree));
        assertThat(Json.writePlain(plain)).isEqualTo(Json.write(tree));
    }

    @Property(tries = 1000)
    void shouldHashTheBodyWithItsKeysSorted_whenTheBodyIsAnyObject(@ForAll("bodies") String text) throws Exception {
        byte[] canonical = Json.MAPPER.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED).writeValueAsBytes(Json.parse(text));

        String fingerprint = StrictJson.read(text).canonicalSha256();

        assertThat(fingerprint).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical)));
    }

    @Test
    void shouldHashTheSame_whenOnlyTheKeyOrderDiffers() throws Exception {
        String one = StrictJson.read("{\"a\":1,\"b\":{\"x\":1.50,\"y\":[2,{\"q\":1,\"p\":2}]}}").canonicalSha256();
        String other = StrictJson.read("{\"b\":{\"y\":[2,{\"p\":2,\"q\":1}],\"x\":1.50},\"a\":1}").canonicalSha256();
        String changed = StrictJson.read("{\"b\":{\"y\":[{\"p\":2,\"q\":1},2],\"x\":1.50},\"a\":1}").canonicalSha256();

        assertThat(one).isEqualTo(other).isNotEqualTo(changed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{", "{}x", "{\"a\":1,\"a\":2}", "1e2147483648", "[1,]"})
    void shouldRefuseAsNotJson_whenTheBodyIsNoSingleJsonValue(String text) {
        InvalidJsonException refused = catchThrowableOfType(() -> StrictJson.read(text), InvalidJsonException.class);

        assertThat(refused.problem()).isEqualTo(InvalidJsonException.Problem.NOT_JSON);
        assertThat(refused.path()).isNull();
        assertThat(refused.getMessage()).startsWith("request body is");
    }

    @Test
    void shouldNameTheField_whenAStringHoldsALoneSurrogate() {
        InvalidJsonException refused = catchThrowableOfType(() -> StrictJson.read("{\"m\":{\"tags\":[\"ok\",\"a\\ud800\"]}}"),
                InvalidJsonException.class);

        assertThat(refused.problem()).isEqualTo(InvalidJsonException.Problem.INVALID_TEXT);
        assertThat(refused.path()).isEqualTo("m.tags[1]");
        assertThat(refused.getMessage()).startsWith("'m.tags[1]' contains an unpaired UTF-16 surrogate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"s\"", "42", "-0", "18446744073709551616", "1.50", "1e999999999", "true", "null", "{\"a\":1}", "[1]"})
    void shouldQuoteAValueAsJacksonsAsText_whenAValueIsShownToTheClient(String text) throws Exception {
        Object plain = StrictJson.read(text).value();

        assertThat(Json.plainText(plain)).isEqualTo(Json.parse(text).asText());
    }

    /** Objects of nested objects, arrays, strings (some non-ASCII or escaped), integers of every size, decimals, nulls. */
    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> leaves = Arbitraries.oneOf(
                Arbitraries.of("0", "-0", "5", "5.0", "5e0", "1.50", "10.0", "1E+2", "0.000", "-1.5e-7", "2147483648", "9223372036854775808",
                        "1e999999999", "1e-999999999", "null", "true", "false", "\"\"", "\"é中😀\"", "\"\\u00e9\\n\\\"\""),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(8).map(s -> Json.write(Json.MAPPER.getNodeFactory().textNode(s)))
                        .filter(s -> !StrictJson.hasLoneSurrogate(s)));
        return Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]"),
                inner.list().ofMaxSize(4).map(StrictJsonTest::object)), 3)
                .list().ofMaxSize(5).map(StrictJsonTest::object);
    }

    private static String object(List<String> values) {
        String[] fields = new String[values.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = "\"k" + (values.size() - i) + "\":" + values.get(i);
        }
        return "{" + String.join(",", Arrays.asList(fields)) + "}";
    }
}
