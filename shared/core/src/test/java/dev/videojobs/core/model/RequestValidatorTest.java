package dev.videojobs.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.url.AddressPolicy;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestValidatorTest {

    private static final String IMG = "\"image\":\"https://example.com/a.png\"";
    private final RequestValidator validator = new RequestValidator(Map.of(), 3600, 86400,
            new AddressPolicy(false, Set.of(), host -> { throw new UnknownHostException(host); }));

    static Stream<Arguments> invalidRequests() {
        String pro = "{\"model\":\"kling-v1.6-i2v-pro\"," + IMG + ",\"prompt\":\"p\"";
        String std = "{\"model\":\"kling-v1.6-i2v-standard\"," + IMG;
        String multi = "{\"model\":\"kling-v1.6-multi-i2v-pro\",\"prompt\":\"p\"";
        String kling = "{\"model\":\"kling-v1.6-i2v-pro\",\"provider\":\"kling\"," + IMG;
        String longText = "x".repeat(2501);
        return Stream.of(
                Arguments.of("[1,2]", "invalid_json", null),
                Arguments.of("{" + IMG + "}", "missing_field", "model"),
                Arguments.of("{\"model\":\"kling-v9\"," + IMG + "}", "unknown_model", "model"),
                Arguments.of(pro + ",\"provider\":\"replicate\"}", "unknown_provider", "provider"),
                Arguments.of("{\"model\":\"kling-v1.6-multi-i2v-standard\",\"provider\":\"wavespeed\",\"images\":[\"https://e.com/a.png\"],\"prompt\":\"p\"}",
                        "unsupported_provider", "provider"),
                Arguments.of(pro + ",\"colour\":\"red\"}", "unknown_field", "colour"),
                Arguments.of("{\"model\":\"kling-v1.6-i2v-pro\",\"prompt\":\"p\"}", "missing_field", "image"),
                Arguments.of("{\"model\":\"kling-v1.6-i2v-pro\"," + IMG + "}", "missing_field", "prompt"),
                Arguments.of(std + ",\"prompt\":\"" + longText + "\"}", "invalid_value", "prompt"),
                Arguments.of(pro + ",\"negative_prompt\":\"" + longText + "\"}", "invalid_value", "negative_prompt"),
                Arguments.of(pro + ",\"guidance_scale\":1.01}", "invalid_value", "guidance_scale"),
                Arguments.of(pro + ",\"guidance_scale\":-0.1}", "invalid_value", "guidance_scale"),
                Arguments.of(pro + ",\"guidance_scale\":\"0.5\"}", "invalid_value", "guidance_scale"),
                Arguments.of(pro + ",\"duration\":7}", "invalid_value", "duration"),
                Arguments.of(pro + ",\"duration\":5.5}", "invalid_value", "duration"),
                Arguments.of(std + ",\"end_image\":\"https://example.com/b.png\"}", "unsupported_field", "end_image"),
                Arguments.of(pro + ",\"aspect_ratio\":\"16:9\"}", "unsupported_field", "aspect_ratio"),
                Arguments.of(pro + ",\"camera_control\":{\"type\":\"simple\",\"config\":{\"zoom\":5}}}", "unsupported_field", "camera_control"),
                Arguments.of(multi + "}", "missing_field", "images"),
                Arguments.of(multi + ",\"images\":[]}", "invalid_value", "images"),
                Arguments.of(multi + ",\"images\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", "invalid_value", "images"),
                Arguments.of(multi + ",\"images\":[\"https://e.com/a.png\"],\"aspect_ratio\":\"4:3\"}", "invalid_value", "aspect_ratio"),
                Arguments.of("{\"model\":\"kling-v1.6-multi-i2v-pro\",\"images\":[\"https://e.com/a.png\"]}", "missing_field", "prompt"),
                Arguments.of("{\"model\":\"kling-v1-ai-multi-shot\"," + IMG + ",\"enable_base64_output\":\"yes\"}", "invalid_value", "enable_base64_output"),
                Arguments.of("{\"model\":\"kling-v1-ai-multi-shot\",\"provider\":\"kling\"," + IMG + ",\"enable_base64_output\":true}", "unsupported_field", "enable_base64_output"),
                Arguments.of("{\"model\":\"kling-v1-ai-multi-shot\"," + IMG + ",\"prompt\":\"p\"}", "unsupported_field", "prompt"),
                // kling-v1-6 (Kling's capability table): no motion brush, no camera control, an end frame in pro mode only
                Arguments.of(kling + ",\"camera_control\":{\"type\":\"simple\",\"config\":{\"zoom\":5}}}", "unsupported_field", "camera_control"),
                Arguments.of(kling + ",\"static_mask\":\"https://e.com/m.png\"}", "unsupported_field", "static_mask"),
                Arguments.of(kling + ",\"dynamic_masks\":[{\"mask\":\"https://e.com/m.png\",\"trajectories\":[{\"x\":1,\"y\":2},{\"x\":3,\"y\":4}]}]}", "unsupported_field", "dynamic_masks"),
                Arguments.of(std + ",\"provider\":\"kling\",\"end_image\":\"https://e.com/b.png\"}", "unsupported_field", "end_image"),
                Arguments.of("{\"model\":\"kling-v1.6-multi-i2v-pro\",\"provider\":\"kling\",\"images\":[\"https://e.com/a.png\"],\"prompt\":\"p\",\"guidance_scale\":0.5}", "unsupported_field", "guidance_scale"),
                Arguments.of("{\"model\":\"kling-v1.6-i2v-pro\",\"prompt\":\"p\",\"image\":42}", "invalid_value", "image"),
                Arguments.of(pro + ",\"webhook_url\":\"ftp://example.com\"}", "invalid_value", "webhook_url"),
                Arguments.of(pro + ",\"timeout_seconds\":10}", "invalid_value", "timeout_seconds"),
                Arguments.of(pro + ",\"metadata\":\"order-1\"}", "invalid_value", "metadata"));
    }

    @ParameterizedTest(name = "{1} on {2}: {0}")
    @MethodSource("invalidRequests")
    void shouldRefuseNamingTheField_whenRequestBreaksARule(String body, String code, String field) throws Exception {
        assertThatThrownBy(() -> validator.validate(body))
                .isInstanceOfSatisfying(ClientError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ClientError.Kind.INVALID);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isEqualTo(field);
                });
    }

    @Test
    void shouldNormaliseParameters_whenRequestIsValid() throws Exception {
        JobRequest request = validator.validate("{\"model\":\"kling-v1.6-i2v-standard\"," + IMG
                + ",\"duration\":\"10\",\"guidance_scale\":0.7,\"metadata\":{\"order\":7}}");

        assertThat(request.provider()).isEqualTo(ProviderName.WAVESPEED);
        assertThat(request.params().get("duration")).isInstanceOf(Integer.class);
        assertThat(request.durationSeconds()).isEqualTo(10);
        assertThat(request.images()).extracting(JobRequest.ImageSlot::path).containsExactly("image");
        assertThat(request.metadata()).isPresent();
        assertThat(request.timeoutSeconds()).isEqualTo(3600);
    }

    @Test
    void shouldListEveryImageSlot_whenModelTakesAStartAndAnEndFrame() throws Exception {
        JobRequest request = validator.validate("{\"model\":\"kling-v1.6-i2v-pro\",\"provider\":\"kling\"," + IMG
                + ",\"end_image\":\"https://e.com/b.png\"}");

        assertThat(request.images()).extracting(JobRequest.ImageSlot::path).containsExactly("image", "end_image");
    }

    @Test
    void shouldUseTheOnlyProvider_whenTheDefaultDoesNotOfferTheModel() throws Exception {
        JobRequest request = validator.validate(
                "{\"model\":\"kling-v1.6-multi-i2v-standard\",\"images\":[\"https://e.com/a.png\"],\"prompt\":\"p\"}");

        assertThat(request.provider()).isEqualTo(ProviderName.KLING);
    }
}
