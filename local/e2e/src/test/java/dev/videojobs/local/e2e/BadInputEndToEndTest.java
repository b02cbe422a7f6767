package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.Tenants;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;

/** Bad input gets a 4xx naming the field and leaves nothing behind: no job, no S3 object, no provider call. */
@ExtendWith(LocalStackExtension.class)
class BadInputEndToEndTest {

    private static LocalStack stack;
    private static S3Client s3;

    static Stream<Arguments> badRequests() throws Exception {
        String ok = PipelineEndToEndTest.sampleImage();
        return Stream.of(
                Arguments.of("{\"model\":", 400, "invalid_json", null),
                Arguments.of(body("kling-v1.6-i2v-pro", image(299, 400, "png")), 400, "invalid_image", "image"),
                Arguments.of(body("kling-v1.6-i2v-pro", image(1200, 400, "png")), 400, "invalid_image", "image"),
                Arguments.of(body("kling-v1.6-i2v-pro", image(400, 400, "gif")), 400, "invalid_image", "image"),
                Arguments.of(body("kling-v1.6-i2v-pro", "data:image/png;base64,not!base64"), 400, "invalid_image", "image"),
                Arguments.of(body("kling-v1.6-i2v-pro", "http://169.254.169.254/latest/meta-data/x.png"), 400, "unsafe_url", "image"),
                Arguments.of(body("kling-v1.6-i2v-pro", "http://10.1.2.3/a.png"), 400, "unsafe_url", "image"),
                Arguments.of(body("kling-v1.6-i2v-pro", "upload:doesnotexist123"), 400, "invalid_image", "image"),
                Arguments.of(body("kling-v1.6-i2v-pro", "s3://any-bucket/uploads/x.png"), 400, "invalid_image", "image"),
                Arguments.of(body("kling-v9", ok), 400, "unknown_model", "model"),
                Arguments.of(Json.write(((com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(body("kling-v1.6-i2v-pro", ok))).put("sound", true)),
                        400, "unknown_field", "sound"),
                Arguments.of(Json.write(((com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(body("kling-v1.6-i2v-pro", ok))).put("duration", 7)),
                        400, "invalid_value", "duration"),
                Arguments.of(Json.write(((com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(body("kling-v1.6-i2v-pro", ok))).put("prompt", "x".repeat(2501))),
                        400, "invalid_value", "prompt"),
                Arguments.of("{\"model\":\"kling-v1.6-i2v-pro\",\"prompt\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}", 413, "body_too_large", null));
    }

    @ParameterizedTest(name = "{2} {3}")
    @MethodSource("badRequests")
    void shouldRefuseWithAClearError_whenInputIsBad(String body, int status, String code, String field, LocalStack stack, S3Client s3)
            throws Exception {
        remember(stack, s3);
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_CLEAN);

        ApiClient.Reply reply = api.post("/v1/jobs", body);

        assertThat(reply.status()).isEqualTo(status);
        JsonNode error = reply.body().path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(error.path("field").asText()).isEqualTo(field);
        }
    }

    /** After every bad request above: this tenant has no job, no stored input, and the provider saw nothing. */
    @AfterAll
    static void shouldHaveLeftNothingBehind() throws Exception {
        String tenant = Tenants.tenantOf(LocalStackExtension.KEY_CLEAN);
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_CLEAN);
        assertThat(api.get("/v1/jobs").body().path("jobs")).isEmpty();
        assertThat(s3.listObjectsV2(list -> list.bucket(stack.bucket()).prefix("inputs/" + tenant + "/")).contents()).isEmpty();
        assertThat(stack.simulator().tasks()).noneMatch(task -> task.request().toString().contains("/inputs/" + tenant + "/"));
    }

    private static void remember(LocalStack started, S3Client client) {
        stack = started;
        s3 = client;
    }

    private static String body(String model, String image) {
        return Json.write(Json.object().put("model", model).put("image", image).put("prompt", "p"));
    }

    static String image(int width, int height, String format) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, format, bytes);
        return "data:image/" + format + ";base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
