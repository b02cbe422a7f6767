package dev.videojobs.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.json.Json;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** webhook_url is checked at submit as every delivery to it will be: a URL accepted here can be delivered to. */
class RequestValidatorWebhookTest {

    /** Plays DNS: client.example is public, internal.example is private, everything else does not exist. */
    private static final AddressPolicy.Resolver DNS = host -> switch (host) {
        case "client.example" -> new InetAddress[] {InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14})};
        case "internal.example" -> new InetAddress[] {InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14}),
            InetAddress.getByAddress(new byte[] {10, 0, 0, 7})};
        default -> throw new UnknownHostException(host);
    };
    private final RequestValidator validator = new RequestValidator(Map.of(), 3600, 86400, new AddressPolicy(false, Set.of(), DNS));

    @ParameterizedTest
    @ValueSource(strings = {
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://0177.0.0.1/",
        "http://127.0.0.1:8080/hook",
        "http://10.0.0.1/hook",
        "https://internal.example/hook",
        "https://client.example/a hook",
        "https:///hook",
        "https://user:secret@client.example/hook",
        "https://client.example:99999/hook",
        "ftp://client.example/hook",
        "https://does-not-exist.example/hook"})
    void shouldRefuseWithInvalidValue_whenWebhookCouldNotBeDeliveredSafely(String url) {
        // Act
        ClientError refused = catchThrowableOfType(() -> validator.validate(body(url)), ClientError.class);

        // Assert
        assertThat(refused).isNotNull();
        assertThat(refused.kind()).isEqualTo(ClientError.Kind.INVALID);
        assertThat(refused.code()).isEqualTo("invalid_value");
        assertThat(refused.field()).isEqualTo("webhook_url");
        assertThat(refused.getMessage()).startsWith("'webhook_url' ");
    }

    @Test
    void shouldTellTheClient_whenTheHostDoesNotResolve() {
        ClientError refused = catchThrowableOfType(() -> validator.validate(body("https://gone.example/hook")),
                ClientError.class);

        assertThat(refused.getMessage()).isEqualTo("'webhook_url' is refused: host does not resolve");
    }

    @Test
    void shouldKeepTheUrlAsGiven_whenItsHostIsPublic() throws Exception {
        JobRequest request = validator.validate(body("HTTPS://client.example/hooks/42?tenant=a#frag"));

        assertThat(request.webhookUrl()).contains("HTTPS://client.example/hooks/42?tenant=a#frag");
    }

    private static String body(String webhook) {
        return Json.write(Json.object().put("model", "kling-v1.6-i2v-pro").put("image", "https://client.example/a.png")
                .put("prompt", "p").put("webhook_url", webhook));
    }
}
