package dev.videojobs.core.provider;

import dev.videojobs.core.config.Config;
import dev.videojobs.core.model.ProviderName;
import java.util.Locale;
import java.util.Set;

/**
 * How a provider gets a job's input images ({@code INPUT_DELIVERY_<PROVIDER>}). On AWS the provider fetches a presigned
 * GET URL of our bucket; a provider that cannot reach the bucket (a real one called from a laptop, whose S3 is on
 * 127.0.0.1) gets the bytes: Kling as raw base64 in the submit (its documented image form), WaveSpeed through its
 * upload endpoint, whose download URL the submit then names.
 */
public enum InputDelivery {
    PRESIGNED_URL, INLINE_BASE64, PROVIDER_UPLOAD;

    /** The variable's value, e.g. {@code inline_base64}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The provider's delivery from the environment; presigned URLs when unset. */
    public static InputDelivery of(Config config, ProviderName provider) {
        String value = config.get("INPUT_DELIVERY_" + provider.name(), PRESIGNED_URL.wire());
        for (InputDelivery delivery : values()) {
            if (delivery.wire().equals(value) && supportedBy(provider).contains(delivery)) {
                return delivery;
            }
        }
        throw new IllegalStateException("INPUT_DELIVERY_" + provider.name() + "=" + value + " is not one of "
                + supportedBy(provider).stream().map(InputDelivery::wire).sorted().toList());
    }

    /** What each provider documents: Kling takes base64 images, WaveSpeed has an upload endpoint. */
    public static Set<InputDelivery> supportedBy(ProviderName provider) {
        return switch (provider) {
            case KLING -> Set.of(PRESIGNED_URL, INLINE_BASE64);
            case WAVESPEED -> Set.of(PRESIGNED_URL, PROVIDER_UPLOAD);
        };
    }
}
