package dev.videojobs.local.cli;

import dev.videojobs.core.model.ProviderName;
import dev.videojobs.local.stack.LocalStack.RealProvider;
import dev.videojobs.local.stack.LocalStack;
import java.net.URI;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of {@code serve} and {@code demo} that send one provider's traffic to a real API (or any stand-in)
 * instead of the simulator, with the credentials from the environment.
 */
public final class RealProviderOptions {

    @Option(names = "--wavespeed-url", paramLabel = "URL", converter = OptionValues.HttpUrl.class,
            description = "Send WaveSpeed calls there (e.g. https://api.wavespeed.ai) instead of the simulator; "
                    + "needs WAVESPEED_API_KEY and WAVESPEED_WEBHOOK_SECRET in the environment.")
    private URI waveSpeedUrl;

    @Option(names = "--kling-url", paramLabel = "URL", converter = OptionValues.HttpUrl.class,
            description = "Send Kling calls there (e.g. https://api-singapore.klingai.com) instead of the simulator; "
                    + "needs KLING_ACCESS_KEY and KLING_SECRET_KEY in the environment.")
    private URI klingUrl;

    @Option(names = "--public-url", paramLabel = "URL", converter = OptionValues.HttpUrl.class,
            description = "Where the real providers can reach this machine's API (e.g. a tunnel to --port): they call back "
                    + "there; without it they are polled.")
    private URI publicUrl;

    @Option(names = "--public-s3-url", paramLabel = "URL", converter = OptionValues.HttpUrl.class,
            description = "Where WaveSpeed can reach this machine's S3 (e.g. a tunnel to the printed S3 endpoint): it then gets "
                    + "presigned input URLs there instead of uploads.")
    private URI publicS3Url;

    /** The stack's options with the real providers asked for; a usage error when their credentials are missing. */
    LocalStack.Options applyTo(LocalStack.Options options, CommandSpec spec, Map<String, String> environment) {
        Map<ProviderName, URI> urls = new EnumMap<>(ProviderName.class);
        if (waveSpeedUrl != null) {
            urls.put(ProviderName.WAVESPEED, waveSpeedUrl);
        }
        if (klingUrl != null) {
            urls.put(ProviderName.KLING, klingUrl);
        }
        if (publicUrl != null && urls.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--public-url': it is for real providers; give --wavespeed-url or --kling-url too");
        }
        if (publicS3Url != null && waveSpeedUrl == null) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--public-s3-url': it is for a real WaveSpeed; give --wavespeed-url too");
        }
        Map<ProviderName, RealProvider> real = new EnumMap<>(ProviderName.class);
        urls.forEach((provider, url) -> {
            Map<String, String> credentials = new LinkedHashMap<>();
            for (String name : RealProvider.credentialNames(provider)) {
                String value = environment.get(name);
                if (value == null || value.isBlank()) {
                    throw new ParameterException(spec.commandLine(), "Missing environment variable " + name + ": --"
                            + provider.wire() + "-url needs " + String.join(" and ", RealProvider.credentialNames(provider)));
                }
                credentials.put(name, value);
            }
            real.put(provider, new RealProvider(url, credentials));
        });
        return options.withRealProviders(real).withPublicUrl(publicUrl).withPublicS3Url(publicS3Url);
    }
}
