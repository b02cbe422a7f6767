package dev.videojobs.local.cli;

import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.model.ProviderName;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The checks on the commands' option values. Each message says what the value should be; the parser prefixes it
 * with the option's name ("Invalid value for option '--port': ...") and prints the command's usage.
 */
public final class OptionValues {

    private OptionValues() {
    }

    /** A TCP port; 0 lets the system pick a free one. */
    public static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port = integer(value);
            if (port < 0 || port > 65535) {
                throw new TypeConversionException(value + " is not a port (0..65535)");
            }
            return port;
        }
    }

    /** A count of rounds, copies or jobs. */
    public static final class PositiveInteger implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int count = integer(value);
            if (count < 1) {
                throw new TypeConversionException(value + " is not a positive integer");
            }
            return count;
        }
    }

    /** A factor that shrinks waits: above 0, and at most 1 (1 = the timings on AWS; more would only slow things). */
    public static final class TimeScale implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double scale;
            try {
                scale = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number");
            }
            if (!(scale > 0 && scale <= 1)) {
                throw new TypeConversionException(value + " is not above 0 and at most 1");
            }
            return scale;
        }
    }

    /** An absolute http(s) URL with a host and nothing after its path, e.g. {@code https://api.wavespeed.ai}; no trailing slash. */
    public static final class HttpUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new TypeConversionException("'" + value + "' is not a URL");
            }
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null || uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new TypeConversionException("'" + value + "' is not an http(s) URL with a host (and no credentials, query or fragment)");
            }
            return URI.create(value.replaceAll("/+$", ""));
        }
    }

    public static final class NonBlank implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException("the value cannot be blank");
            }
            return value;
        }
    }

    /** A model id as clients write it. */
    public static final class ModelId implements ITypeConverter<ProductModel> {
        @Override
        public ProductModel convert(String value) {
            return ProductModel.fromId(value).orElseThrow(() -> new TypeConversionException("unknown model '" + value
                    + "' (one of: " + Stream.of(ProductModel.values()).map(ProductModel::id).collect(Collectors.joining(", ")) + ")"));
        }
    }

    public static final class Provider implements ITypeConverter<ProviderName> {
        @Override
        public ProviderName convert(String value) {
            return ProviderName.fromWire(value).orElseThrow(() -> new TypeConversionException(
                    "unknown provider '" + value + "' (wavespeed or kling)"));
        }
    }

    /** How long to wait: {@code 90s}, {@code 10m}, {@code 1h}, {@code 500ms}, plain seconds, or ISO-8601 ({@code PT10M}). */
    public static final class WaitTimeout implements ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)?").matcher(value);
            java.time.Duration duration;
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                duration = switch (m.group(2) == null ? "s" : m.group(2)) {
                    case "ms" -> java.time.Duration.ofMillis(amount);
                    case "m" -> java.time.Duration.ofMinutes(amount);
                    case "h" -> java.time.Duration.ofHours(amount);
                    default -> java.time.Duration.ofSeconds(amount);
                };
            } else {
                try {
                    duration = java.time.Duration.parse(value);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new TypeConversionException("'" + value + "' is not a duration (e.g. 90s, 10m, 1h)");
                }
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new TypeConversionException(value + " is not a positive duration");
            }
            return duration;
        }
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not an integer");
        }
    }
}
