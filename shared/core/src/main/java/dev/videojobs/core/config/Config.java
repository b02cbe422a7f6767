package dev.videojobs.core.config;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A function's settings, read from its environment. On Lambda that is {@code System.getenv()}; the local stack passes
 * the same variables (from template.yaml) plus its endpoints, so both build the same objects.
 */
public final class Config {

    private final Map<String, String> env;

    public Config(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static Config fromSystem() {
        return new Config(System.getenv());
    }

    public Optional<String> optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("environment variable " + name + " is not set"));
    }

    public String get(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public long getLong(String name, long fallback) {
        return optional(name).map(Long::parseLong).orElse(fallback);
    }

    public double getDouble(String name, double fallback) {
        return optional(name).map(Double::parseDouble).orElse(fallback);
    }

    public boolean getBoolean(String name) {
        return optional(name).map(Boolean::parseBoolean).orElse(false);
    }

    /** A comma-separated list of integers, e.g. {@code 4566,8000}; empty when unset. */
    public Set<Integer> getIntSet(String name) {
        return optional(name).stream().flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim).filter(item -> !item.isEmpty()).map(Integer::valueOf).collect(Collectors.toUnmodifiableSet());
    }

    public Optional<URI> endpoint(String service) {
        return optional("AWS_ENDPOINT_URL_" + service).or(() -> optional("AWS_ENDPOINT_URL")).map(URI::create);
    }

}
