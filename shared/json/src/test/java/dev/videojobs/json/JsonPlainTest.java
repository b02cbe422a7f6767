package dev.videojobs.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plain-data walks give what Jackson's databind gives (convertValue, valueToTree), without its machinery. */
class JsonPlainTest {

    private static final String DOCUMENT = "{\"text\":\"é\\u2028\",\"int\":5,\"long\":12345678901,\"big\":123456789012345678901234567890,"
            + "\"decimal\":1.50,\"exponent\":1e-999,\"yes\":true,\"nothing\":null,\"list\":[1,\"two\",[3.0],{\"four\":4}],"
            + "\"nested\":{\"empty\":{},\"none\":[]}}";

    @Test
    void shouldGiveWhatDatabindGives_whenATreeBecomesPlainDataAndBack() throws Exception {
        // Arrange
        ObjectNode tree = (ObjectNode) Json.parse(DOCUMENT);

        // Act
        Map<String, Object> plain = Json.toPlain(tree);
        ObjectNode back = Json.fromPlain(plain);

        // Assert
        assertThat(plain).isEqualTo(Json.MAPPER.convertValue(tree, Map.class));
        assertThat(back).isEqualTo(Json.MAPPER.valueToTree(plain));
        assertThat(Json.write(back)).isEqualTo(Json.write(tree));
        assertThat(Json.writePlain(plain)).isEqualTo(Json.MAPPER.writeValueAsString(plain));
    }

    @Test
    void shouldRefuse_whenAValueIsNotPlainJsonData() {
        assertThatThrownBy(() -> Json.fromPlain(Map.of("when", java.time.Instant.EPOCH))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Instant");
    }
}
