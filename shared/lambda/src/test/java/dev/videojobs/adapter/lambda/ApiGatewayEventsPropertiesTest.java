package dev.videojobs.adapter.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The body limit counts bytes (UTF-8, or the decoded bytes of a base64 body), whatever the characters. */
class ApiGatewayEventsPropertiesTest {

    private static final int LIMIT = ApiGatewayEvents.MAX_BODY_BYTES;

    @Property(tries = 136) // every combination: 4 widths x 17 offsets x 2 encodings
    void shouldRefuseTheBodyExactlyWhenItsUtf8BytesExceedTheLimit_whenItMixes1To4ByteCharacters(
            @ForAll @IntRange(min = 1, max = 4) int width, @ForAll @IntRange(min = -8, max = 8) int offset, @ForAll boolean base64) {
        String character = new String[] {"a", "é", "中", "😀"}[width - 1];
        int padding = Math.floorMod(LIMIT + offset, width);
        String body = character.repeat((LIMIT + offset) / width) + "x".repeat(padding);
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        ObjectNode event = Json.object().put("httpMethod", "POST").put("resource", "/v1/jobs").put("isBase64Encoded", base64)
                .put("body", base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);

        ClientError refused = catchThrowableOfType(ClientError.class, () -> ApiGatewayEvents.toRequest(event));

        if (bytes <= LIMIT) {
            assertThat(refused).isNull();
        } else {
            assertThat(refused).isNotNull();
            assertThat(ApiResponse.status(refused.kind())).isEqualTo(413);
        }
    }
}
