package dev.videojobs.adapter.provider;

import dev.videojobs.core.config.Config;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.provider.InputDelivery;
import dev.videojobs.core.provider.VideoProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The providers a function can reach: those whose credentials are configured. */
public final class Providers {

    private final Map<ProviderName, VideoProvider> configured;

    private Providers(Map<ProviderName, VideoProvider> configured) {
        this.configured = configured;
    }

    /** {@code WAVESPEED_BASE_URL} and {@code KLING_BASE_URL} point at the real APIs unless set (the local stack's simulator). */
    public static Providers from(Config config, ProviderCredentials keys, Clock clock) {
        ProviderHttp http = new ProviderHttp(Duration.ofSeconds(5), Duration.ofSeconds(20));
        Map<ProviderName, VideoProvider> built = new EnumMap<>(ProviderName.class);
        if (keys.waveSpeedApiKey() != null) {
            built.put(ProviderName.WAVESPEED, new WaveSpeedProvider(URI.create(config.get("WAVESPEED_BASE_URL", "https://api.wavespeed.ai")),
                    keys.waveSpeedApiKey(), http, clock, InputDelivery.of(config, ProviderName.WAVESPEED)));
        }
        if (keys.klingAccessKey() != null && keys.klingSecretKey() != null) {
            built.put(ProviderName.KLING, new KlingProvider(URI.create(config.get("KLING_BASE_URL", "https://api-singapore.klingai.com")),
                    keys.klingAccessKey(), keys.klingSecretKey(), http, clock, InputDelivery.of(config, ProviderName.KLING)));
        }
        return new Providers(built);
    }

    public VideoProvider get(ProviderName name) {
        VideoProvider provider = configured.get(name);
        if (provider == null) {
            throw new IllegalStateException(name.wire() + " is not configured (credentials missing)");
        }
        return provider;
    }
}
