package dev.videojobs.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.testing.UnreachableAws;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provider callbacks are authenticated before anything is read or stored. */
class CallbackHandlerTest {

    @Test
    void shouldAnswer401_whenTheWaveSpeedSignatureIsWrong() throws Exception {
        Map<String, String> env = new HashMap<>(UnreachableAws.ENVIRONMENT);
        env.put("WAVESPEED_WEBHOOK_SECRET", "whsec_dGVzdA");
        ByteArrayOutputStream response = new ByteArrayOutputStream();

        try (InputStream event = getClass().getClassLoader().getResourceAsStream("events/callback-wavespeed.json")) {
            new CallbackHandler(env).handleRequest(event, response, null);
        }

        JsonNode reply = Json.parse(response.toByteArray());
        assertThat(reply.path("statusCode").asInt()).isEqualTo(401);
        assertThat(Json.parse(reply.path("body").asText()).path("error").path("code").asText()).isEqualTo("invalid_signature");
    }
}
