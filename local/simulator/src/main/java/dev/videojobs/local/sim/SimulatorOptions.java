package dev.videojobs.local.sim;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Settings of a {@link ProviderSimulator}: credentials it accepts, how long tasks take and how big the fake videos are.
 *
 * @param port                   TCP port on 127.0.0.1; 0 picks a free one
 * @param waveSpeedApiKey        the only key WaveSpeed endpoints accept as {@code Authorization: Bearer <key>}
 * @param waveSpeedWebhookSecret webhook signing secret, {@code whsec_...}
 * @param klingAccessKey         expected {@code iss} of Kling JWTs
 * @param klingSecretKey         HS256 key of Kling JWTs
 * @param processingTime         time from submit to the final status (0 = as fast as the outputs can be made)
 * @param fps                    frame rate of generated videos
 * @param maxVideoWidth          upper bound for the width of generated videos
 */
public record SimulatorOptions(int port, String waveSpeedApiKey, String waveSpeedWebhookSecret,
        String klingAccessKey, String klingSecretKey, Duration processingTime, int fps, int maxVideoWidth) {

    public SimulatorOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        Objects.requireNonNull(waveSpeedApiKey, "waveSpeedApiKey");
        Objects.requireNonNull(waveSpeedWebhookSecret, "waveSpeedWebhookSecret");
        if (!waveSpeedWebhookSecret.startsWith("whsec_")) {
            throw new IllegalArgumentException("waveSpeedWebhookSecret must start with whsec_");
        }
        Objects.requireNonNull(klingAccessKey, "klingAccessKey");
        Objects.requireNonNull(klingSecretKey, "klingSecretKey");
        Objects.requireNonNull(processingTime, "processingTime");
        if (processingTime.isNegative()) {
            throw new IllegalArgumentException("processingTime must not be negative");
        }
        if (fps < 1 || fps > 60) {
            throw new IllegalArgumentException("fps must be 1..60");
        }
        if (maxVideoWidth < 16) {
            throw new IllegalArgumentException("maxVideoWidth must be at least 16");
        }
    }

    /** Port 0, test credentials, a random webhook secret, 2 s tasks, 8 fps videos at most 320 px wide. */
    public static SimulatorOptions defaults() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return new SimulatorOptions(0, "ws-test-key", "whsec_" + HexFormat.of().formatHex(secret),
                "kling-ak", "kling-sk", Duration.ofSeconds(2), 8, 320);
    }

    public SimulatorOptions withPort(int value) {
        return new SimulatorOptions(value, waveSpeedApiKey, waveSpeedWebhookSecret, klingAccessKey, klingSecretKey,
                processingTime, fps, maxVideoWidth);
    }

    public SimulatorOptions withWaveSpeedApiKey(String value) {
        return new SimulatorOptions(port, value, waveSpeedWebhookSecret, klingAccessKey, klingSecretKey,
                processingTime, fps, maxVideoWidth);
    }

    public SimulatorOptions withWaveSpeedWebhookSecret(String value) {
        return new SimulatorOptions(port, waveSpeedApiKey, value, klingAccessKey, klingSecretKey,
                processingTime, fps, maxVideoWidth);
    }

    public SimulatorOptions withKlingAccessKey(String value) {
        return new SimulatorOptions(port, waveSpeedApiKey, waveSpeedWebhookSecret, value, klingSecretKey,
                processingTime, fps, maxVideoWidth);
    }

    public SimulatorOptions withKlingSecretKey(String value) {
        return new SimulatorOptions(port, waveSpeedApiKey, waveSpeedWebhookSecret, klingAccessKey, value,
                processingTime, fps, maxVideoWidth);
    }

    public SimulatorOptions withProcessingTime(Duration value) {
        return new SimulatorOptions(port, waveSpeedApiKey, waveSpeedWebhookSecret, klingAccessKey, klingSecretKey,
                value, fps, maxVideoWidth);
    }

    public SimulatorOptions withFps(int value) {
        return new SimulatorOptions(port, waveSpeedApiKey, waveSpeedWebhookSecret, klingAccessKey, klingSecretKey,
                processingTime, value, maxVideoWidth);
    }

    public SimulatorOptions withMaxVideoWidth(int value) {
        return new SimulatorOptions(port, waveSpeedApiKey, waveSpeedWebhookSecret, klingAccessKey, klingSecretKey,
                processingTime, fps, value);
    }
}
