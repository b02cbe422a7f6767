package dev.videojobs.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Limits are counted in the unit they name and numbers are compared exactly: generated prompts, metadata and numbers
 * against an oracle written independently of the validator (String.length, getBytes(UTF_8), BigDecimal).
 */
class RequestValidatorPropertiesTest {

    private static final String IMG = "\"image\":\"https://example.com/a.png\"";
    private static final String PRO = "{\"model\":\"kling-v1.6-i2v-pro\"," + IMG + ",\"prompt\":\"p\"";
    private static final String KLING = "{\"model\":\"kling-v1.6-i2v-pro\",\"provider\":\"kling\"," + IMG + ",\"prompt\":\"p\"";
    private static final String[] PIECES = {"a", "Z", " ", "é", "ß", "中", "\u20ac", "😀", "𝄞", "👍🏽"};
    private final RequestValidator validator = new RequestValidator(Map.of(), 3600, 86400,
            new AddressPolicy(false, Set.of(), host -> { throw new UnknownHostException(host); }));

    @Property(tries = 3000)
    void shouldAcceptAPromptExactlyWhenItHasAtMost2500Utf16Units_whenPromptsMixAsciiAccentsAndEmoji(
            @ForAll("prompts") String prompt) throws Exception {
        ObjectNode body = (ObjectNode) Json.parse(PRO + "}");
        body.put("prompt", prompt);

        Object outcome = outcome(Json.write(body));

        if (prompt.length() <= 2500) {
            assertThat(outcome).isInstanceOf(JobRequest.class);
            assertThat(((JobRequest) outcome).params().get("prompt")).isEqualTo(prompt);
        } else {
            assertRefused(outcome, "invalid_value", "prompt");
        }
    }

    @Property(tries = 3000)
    void shouldAcceptMetadataExactlyWhenItsJsonHasAtMost2048Utf8Bytes_whenValuesAreNonAscii(@ForAll("metadata") String value) throws Exception {
        ObjectNode body = (ObjectNode) Json.parse(PRO + "}");
        body.putObject("metadata").put("note", value);
        int bytes = Json.write(body.get("metadata")).getBytes(StandardCharsets.UTF_8).length;

        Object outcome = outcome(Json.write(body));

        if (bytes <= 2048) {
            assertThat(outcome).isInstanceOf(JobRequest.class);
        } else {
            assertRefused(outcome, "invalid_value", "metadata");
        }
    }

    @Property(tries = 5000)
    void shouldAcceptGuidanceExactlyFrom0To1_whenItIsAnyJsonNumber(@ForAll("numbers") String number) {
        Object outcome = outcome(PRO + ",\"guidance_scale\":" + number + "}");

        BigDecimal value = decimal(number);
        if (value == null) {
            assertRefused(outcome, "invalid_json", null);
        } else if (value.signum() >= 0 && value.compareTo(BigDecimal.ONE) <= 0) {
            assertThat(outcome).isInstanceOf(JobRequest.class);
            assertThat(((Number) ((JobRequest) outcome).params().get("guidance_scale")).doubleValue()).isEqualTo(value.doubleValue());
        } else {
            assertRefused(outcome, "invalid_value", "guidance_scale");
        }
    }

    @Property(tries = 5000)
    void shouldAcceptTimeoutOnlyAsAnIntegerFrom60To86400_whenItIsAnyJsonNumber(@ForAll("numbers") String number) {
        Object outcome = outcome(PRO + ",\"timeout_seconds\":" + number + "}");

        BigDecimal value = decimal(number);
        if (value == null) {
            assertRefused(outcome, "invalid_json", null);
        } else if (integerToken(number) && value.compareTo(BigDecimal.valueOf(60)) >= 0 && value.compareTo(BigDecimal.valueOf(86400)) <= 0) {
            assertThat(outcome).isInstanceOf(JobRequest.class);
            assertThat(((JobRequest) outcome).timeoutSeconds()).isEqualTo(value.longValueExact());
        } else {
            assertRefused(outcome, "invalid_value", "timeout_seconds");
        }
    }

    /** kling-v1-6 supports neither (Kling's capability table): no number in them can reach Kling, 0 or otherwise. */
    @Property(tries = 3000)
    void shouldRefuseMasksAndCameraControlWhateverTheirNumbers_whenTheModelIsKlingV16(@ForAll("numbers") String number) {
        Object trajectory = outcome(KLING + ",\"dynamic_masks\":[{\"mask\":\"https://example.com/m.png\",\"trajectories\":[{\"x\":"
                + number + ",\"y\":2},{\"x\":3,\"y\":4}]}]}");
        Object camera = outcome(KLING + ",\"camera_control\":{\"type\":\"simple\",\"config\":{\"zoom\":" + number + "}}}");

        if (decimal(number) == null) {
            assertRefused(trajectory, "invalid_json", null);
            assertRefused(camera, "invalid_json", null);
        } else {
            assertRefused(trajectory, "unsupported_field", "dynamic_masks");
            assertRefused(camera, "unsupported_field", "camera_control");
        }
    }

    @Property(tries = 2000)
    void shouldAcceptDurationOnlyAs5Or10_whenItIsAnyJsonNumber(@ForAll("numbers") String number) {
        Object outcome = outcome(PRO + ",\"duration\":" + number + "}");

        BigDecimal value = decimal(number);
        if (value == null) {
            assertRefused(outcome, "invalid_json", null);
        } else if (integerToken(number) && (value.compareTo(BigDecimal.valueOf(5)) == 0 || value.compareTo(BigDecimal.TEN) == 0)) {
            assertThat(outcome).isInstanceOf(JobRequest.class);
            assertThat(((JobRequest) outcome).durationSeconds()).isEqualTo(value.intValueExact());
        } else {
            assertRefused(outcome, "invalid_value", "duration");
        }
    }

    /** Prompts of about 2500 UTF-16 units (and some of any length), mixing 1-unit and 2-unit characters. */
    @Provide
    Arbitrary<String> prompts() {
        Arbitrary<Integer> pieces = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(1200, 2600)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 6000)));
        return Combinators.combine(pieces, Arbitraries.longs()).as((count, seed) -> {
            Random random = new Random(seed);
            StringBuilder prompt = new StringBuilder();
            for (int i = 0; i < count; i++) {
                prompt.append(PIECES[random.nextInt(PIECES.length)]);
            }
            return prompt.toString();
        });
    }

    /** Strings whose metadata JSON is around 2048 UTF-8 bytes, with 1- to 4-byte characters. */
    @Provide
    Arbitrary<String> metadata() {
        return Combinators.combine(Arbitraries.integers().between(300, 2100), Arbitraries.longs()).as((count, seed) -> {
            Random random = new Random(seed);
            List<String> chosen = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                chosen.add(PIECES[random.nextInt(PIECES.length)]);
            }
            Collections.shuffle(chosen, random);
            return String.join("", chosen);
        });
    }

    /** JSON number texts: small and huge integers, fractions, and exponents up to and beyond what a decimal can hold. */
    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<BigInteger> integers = Arbitraries.oneOf(
                Arbitraries.integers().between(-100, 100).map(BigInteger::valueOf),
                Arbitraries.longs().map(BigInteger::valueOf),
                // beyond int and long by a small amount: these wrapped to small, valid-looking values
                Arbitraries.longs().map(n -> BigInteger.valueOf(n).shiftLeft(32).add(BigInteger.valueOf(n % 100))),
                Arbitraries.integers().between(-100, 100_000).map(n -> BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(n))),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)));
        Arbitrary<String> fractions = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12).injectNull(0.5);
        Arbitrary<Long> exponents = Arbitraries.oneOf(Arbitraries.longs().between(-12, 12),
                Arbitraries.of(-999_999_999L, 999_999_999L, 2_147_483_647L, -2_147_483_648L, 2_147_483_648L, -2_147_483_649L),
                Arbitraries.longs().between(-3_000_000_000L, 3_000_000_000L)).injectNull(0.6);
        return Combinators.combine(integers, fractions, exponents, Arbitraries.of("e", "E", "e+")).as((integer, fraction, exponent, e) ->
                integer + (fraction == null ? "" : "." + fraction)
                        + (exponent == null ? "" : (exponent < 0 ? "e" : e) + exponent))
                // the combined edge cases alone outnumber the tries; the extremes are in the value lists above
                .withoutEdgeCases();
    }

    private Object outcome(String body) {
        try {
            return validator.validate(body);
        } catch (ClientError e) {
            return e;
        }
    }

    private static void assertRefused(Object outcome, String code, String field) {
        assertThat(outcome).isInstanceOf(ClientError.class);
        ClientError refused = (ClientError) outcome;
        assertThat(refused.kind()).isEqualTo(ClientError.Kind.INVALID);
        assertThat(refused.code()).isEqualTo(code);
        assertThat(refused.field()).isEqualTo(field);
    }

    /** The number's exact value, or null when no decimal can hold it (an exponent beyond the int range). */
    private static BigDecimal decimal(String number) {
        try {
            return new BigDecimal(number);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean integerToken(String number) {
        return number.chars().allMatch(c -> c == '-' || Character.isDigit(c));
    }
}
