package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.Tenants;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Hostile input over the local front door (API Gateway emulation, Lambda runtime, DynamoDB Local): ids, tokens,
 * query values, headers and bodies of every shape get a 4xx in the client's terms, never a 5xx, and leave nothing.
 */
@ExtendWith(LocalStackExtension.class)
class HostileInputEndToEndTest {

    private static final int CASES = 300;
    private static final String[] FRAGMENTS = {"", " ", "\t", "%", "..", "/", "?", "#", ".", "job_", "0123456789abcdef", "é", "中", "😀",
            "\u0000", "\u001f", "\u007f", "\u202e", "\ufeff", "\ud800", "null", "-1", "1e999999999", "'", "\"", "\\", "{", "}"};
    private static final String VALID = "{\"model\":\"kling-v1.6-i2v-pro\",\"image\":\"https://example.com/a.png\",\"prompt\":\"p\"}";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void shouldNeverAnswer5xx_whenIdsTokensQueriesHeadersAndBodiesAreHostile(LocalStack stack, S3Client s3) throws Exception {
        long seed = Long.getLong("hostile.seed", System.nanoTime());
        System.out.println("HostileInputEndToEndTest seed = " + seed + " (replay with -Dhostile.seed=" + seed + ")");
        Random random = new Random(seed);

        for (int n = 0; n < CASES; n++) {
            String value = hostile(random);
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            HttpRequest.Builder request = switch (n % 8) {
                case 0 -> get(stack, "/v1/jobs/" + encoded);
                case 1 -> post(stack, "/v1/jobs/" + encoded + (random.nextBoolean() ? "/cancel" : "/redeliver"), new byte[0]);
                case 2 -> get(stack, "/v1/jobs?" + new String[] {"status", "limit", "cursor"}[random.nextInt(3)] + "=" + encoded);
                case 3 -> get(stack, "/v1/jobs?cursor=" + URLEncoder.encode(cursor(random, value), StandardCharsets.UTF_8));
                case 4 -> post(stack, "/v1/callbacks/kling/" + encoded, "{}".getBytes(StandardCharsets.UTF_8));
                case 5 -> post(stack, "/v1/callbacks/wavespeed?job=" + encoded, "{}".getBytes(StandardCharsets.UTF_8));
                case 6 -> post(stack, random.nextBoolean() ? "/v1/jobs" : "/v1/uploads", malformedBody(random, value));
                default -> post(stack, "/v1/jobs", VALID.replace("}", "")
                        .getBytes(StandardCharsets.UTF_8)).header("Idempotency-Key", printable(value));
            };

            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as("case %d (%s)", n, request.build().uri()).isBetween(200, 499);
            if (response.statusCode() >= 400 && response.body().startsWith("{\"error\"")) {
                assertClientTerms(Json.parse(response.body()).path("error").path("message").asText());
            }
        }

        String tenant = Tenants.tenantOf(LocalStackExtension.KEY_CLEAN);
        assertThat(s3.listObjectsV2(list -> list.bucket(stack.bucket()).prefix("inputs/" + tenant + "/")).contents()).isEmpty();
        assertThat(http.send(get(stack, "/v1/jobs").build(), HttpResponse.BodyHandlers.ofString()).body()).contains("\"jobs\":[]");
    }

    @Test
    void shouldAnswer400NamingTheField_whenAStringHoldsAnEscapedLoneSurrogate(LocalStack stack) throws Exception {
        byte[] body = VALID.replace("\"p\"", "\"slow \\ud800 dolly\"").getBytes(StandardCharsets.UTF_8);

        JsonNode error = error(http.send(post(stack, "/v1/jobs", body).build(), HttpResponse.BodyHandlers.ofString()), 400);

        assertThat(error.path("field").asText()).isEqualTo("prompt");
    }

    @Test
    void shouldAnswer400_whenTheJsonValueIsFollowedByMoreContent(LocalStack stack) throws Exception {
        byte[] body = (VALID + " {\"prompt\":\"second\"}").getBytes(StandardCharsets.UTF_8);

        JsonNode error = error(http.send(post(stack, "/v1/jobs", body).build(), HttpResponse.BodyHandlers.ofString()), 400);

        assertThat(error.path("code").asText()).isEqualTo("invalid_json");
        assertThat(error.path("message").asText()).contains("line 1, column");
    }

    @Test
    void shouldAnswer400NamingThePrompt_when2500EmojiExceedTheLimitInUtf16Units(LocalStack stack) throws Exception {
        byte[] body = VALID.replace("\"p\"", "\"" + "😀".repeat(2500) + "\"").getBytes(StandardCharsets.UTF_8);

        JsonNode error = error(http.send(post(stack, "/v1/jobs", body).build(), HttpResponse.BodyHandlers.ofString()), 400);

        assertThat(error.path("field").asText()).isEqualTo("prompt");
    }

    @Test
    void shouldAnswer400UnknownField_whenAnUploadRequestHasAFieldItDoesNotTake(LocalStack stack) throws Exception {
        byte[] body = "{\"content_type\":\"image/png\",\"content_length\":1000,\"acl\":\"public-read\"}".getBytes(StandardCharsets.UTF_8);

        JsonNode error = error(http.send(post(stack, "/v1/uploads", body).build(), HttpResponse.BodyHandlers.ofString()), 400);

        assertThat(error.path("code").asText()).isEqualTo("unknown_field");
        assertThat(error.path("field").asText()).isEqualTo("acl");
    }

    @Test
    void shouldAnswer400NamingTheField_whenAnUploadLengthWrapsBeyondALong(LocalStack stack) throws Exception {
        byte[] body = "{\"content_type\":\"image/png\",\"content_length\":18446744073709551617}".getBytes(StandardCharsets.UTF_8);

        JsonNode error = error(http.send(post(stack, "/v1/uploads", body).build(), HttpResponse.BodyHandlers.ofString()), 400);

        assertThat(error.path("field").asText()).isEqualTo("content_length");
    }

    private static JsonNode error(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = Json.parse(response.body()).path("error");
        assertClientTerms(error.path("message").asText());
        return error;
    }

    private static void assertClientTerms(String message) {
        assertThat(message).isNotBlank();
        assertThat(message.toLowerCase(Locale.ROOT)).doesNotContain("com.fasterxml", "java.", "exception", "jackson");
    }

    private static String hostile(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "a".repeat(1 + random.nextInt(5000));
            case 1 -> "job_" + "0123456789abcdef".repeat(3).substring(0, random.nextInt(40));
            case 2 -> "job_" + "0".repeat(32) + "." + "f".repeat(random.nextInt(3000));
            default -> {
                StringBuilder value = new StringBuilder();
                for (int i = random.nextInt(8); i > 0; i--) {
                    value.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                }
                yield value.toString();
            }
        };
    }

    private static String cursor(Random random, String value) {
        String tenant = Tenants.tenantOf(LocalStackExtension.KEY_CLEAN);
        String plain = switch (random.nextInt(4)) {
            case 0 -> value + "\n" + tenant + "\n1764547200000";
            case 1 -> "job_" + "0".repeat(32) + "\n" + value + "\n1";
            case 2 -> "job_" + "0".repeat(32) + "\n" + tenant + "\n" + value;
            default -> value;
        };
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** A body that is not a valid request: invalid UTF-8, trailing content, a cut, or a hostile value in a field. */
    private static byte[] malformedBody(Random random, String value) {
        String quoted = Json.write(Json.MAPPER.getNodeFactory().textNode(value));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        switch (random.nextInt(5)) {
            case 0 -> {
                body.writeBytes(VALID.substring(0, 20).getBytes(StandardCharsets.UTF_8));
                body.writeBytes(new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xed, (byte) 0xa0, (byte) 0x80});
                body.writeBytes(VALID.substring(20).getBytes(StandardCharsets.UTF_8));
            }
            case 1 -> body.writeBytes((VALID + value + "x").getBytes(StandardCharsets.UTF_8));
            case 2 -> body.writeBytes(VALID.substring(0, random.nextInt(VALID.length())).getBytes(StandardCharsets.UTF_8));
            case 3 -> body.writeBytes(("{\"content_type\":\"image/png\",\"content_length\":1," + quoted + ":1}").getBytes(StandardCharsets.UTF_8));
            default -> body.writeBytes(VALID.replace("\"p\"", quoted).replace("}", ",\"guidance_scale\":1e-999999999,\"x\":1}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return body.toByteArray();
    }

    /** Header values the HTTP client will send (it refuses control characters); non-ASCII goes as its UTF-8 bytes. */
    private static String printable(String value) {
        String visible = value.replaceAll("[\\x00-\\x1f\\x7f]", "").strip();
        return visible.isEmpty() ? "k" : new String(visible.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static HttpRequest.Builder get(LocalStack stack, String path) {
        return HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("x-api-key", LocalStackExtension.KEY_CLEAN).GET();
    }

    private static HttpRequest.Builder post(LocalStack stack, String path, byte[] body) {
        return HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("x-api-key", LocalStackExtension.KEY_CLEAN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
}
