package dev.videojobs.local.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.model.RequestValidator;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.json.Json;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** video-jobs' door and the simulated providers count a prompt the same way: what passes one passes the other. */
class PromptLimitAgreementTest {

    private static final String[] PIECES = {"a", " ", "é", "中", "😀", "𝄞", "👍🏽"};
    private final RequestValidator validator = new RequestValidator(Map.of(), 3600, 86400,
            new AddressPolicy(false, Set.of(), host -> { throw new UnknownHostException(host); }));

    @Property(tries = 3000)
    void shouldAcceptTheSamePrompts_whenValidatorAndSimulatorCheckThem(@ForAll("prompts") String prompt) {
        String request = Json.write(Json.object().put("model", "kling-v1.6-i2v-pro").put("image", "https://example.com/a.png").put("prompt", prompt));
        byte[] providerBody = Json.write(Json.object().put("prompt", prompt)).getBytes(StandardCharsets.UTF_8);

        boolean door = accepted(() -> validator.validate(request));
        boolean kling = accepted(() -> BodyCheck.of(providerBody).optionalString("prompt", KlingRequests.MAX_PROMPT));
        boolean waveSpeed = accepted(() -> BodyCheck.of(providerBody).requiredString("prompt", WaveSpeedModel.MAX_PROMPT));

        assertThat(kling).as("Kling simulator agrees with the validator").isEqualTo(door);
        assertThat(waveSpeed).as("WaveSpeed simulator agrees with the validator").isEqualTo(door);
    }

    @Provide
    Arbitrary<String> prompts() {
        return Combinators.combine(Arbitraries.integers().between(1100, 2600), Arbitraries.longs()).as((count, seed) -> {
            Random random = new Random(seed);
            StringBuilder prompt = new StringBuilder("p");
            for (int i = 0; i < count; i++) {
                prompt.append(PIECES[random.nextInt(PIECES.length)]);
            }
            return prompt.toString();
        });
    }

    private static boolean accepted(Runnable check) {
        try {
            check.run();
            return true;
        } catch (ClientError | InvalidRequest e) {
            return false;
        }
    }
}
