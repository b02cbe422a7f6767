package dev.videojobs.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Values a client can put in a path parameter, query value or header: empty, blank, 5,000 characters, non-ASCII,
 * control characters, lone surrogates, strings that nearly look like a job id, and cursors (base64 of garbage, of
 * another tenant's position, of over-long keys).
 */
public final class HostileStrings {

    private static final String HEX = "0123456789abcdef";

    private HostileStrings() {
    }

    public static Arbitrary<String> values(String tenant) {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "\t", "\n", "null", "undefined", "0", "-1", "00000", "%00", "..", "../..", "/", "job_", "job_\u0000",
                        "\ud800", "\udfff", "\u202e", "\ufeff", "é", "😀", "job%2F1", "a.b", ".", ".secret"),
                Arbitraries.strings().ofMinLength(0).ofMaxLength(40),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(300),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(10),
                Arbitraries.integers().between(1, 5000).map("a"::repeat),
                Arbitraries.integers().between(1, 2500).map("😀"::repeat),
                Arbitraries.strings().withChars(HEX).ofLength(32).map(hex -> "job_" + hex),
                Arbitraries.strings().withChars(HEX).ofMinLength(0).ofMaxLength(40).map(hex -> "job_" + hex),
                Arbitraries.strings().withChars(HEX.toUpperCase()).ofLength(32).map(hex -> "job_" + hex),
                Arbitraries.strings().withChars(HEX).ofLength(32).map(hex -> "job_" + hex + "." + hex),
                Arbitraries.integers().between(1, 5000).map(n -> "job_" + "0".repeat(32) + "." + "a".repeat(n)),
                Arbitraries.integers().between(1, 5000).map(n -> "j".repeat(n) + "." + "0".repeat(32)),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40).map(prefix -> prefix + ".token"),
                cursors(tenant));
    }

    /** Base64 (url, and standard) of texts shaped like a cursor, mostly with something wrong in them. */
    public static Arbitrary<String> cursors(String tenant) {
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.of("", "x", "job_", "a".repeat(3000)),
                Arbitraries.strings().withChars(HEX).ofLength(32).map(hex -> "job_" + hex));
        // mostly this tenant and a plausible time, so that the cursor gets past those checks to its key
        Arbitrary<String> tenants = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(tenant)),
                Tuple.of(1, Arbitraries.of("", "other-tenant", tenant + "x", "a".repeat(3000))));
        Arbitrary<String> times = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("1", "1764547200000", "1".repeat(16))),
                Tuple.of(1, Arbitraries.of("", "99999999999999999999999999999999999999999", "-1", "1.5", "x")));
        Arbitrary<String> plain = Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(ids, tenants, times).as((id, t, time) -> id + "\n" + t + "\n" + time),
                Arbitraries.strings().ofMaxLength(60));
        return net.jqwik.api.Combinators.combine(plain, Arbitraries.of(true, false)).as((text, url) ->
                (url ? Base64.getUrlEncoder().withoutPadding() : Base64.getEncoder()).encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }
}
