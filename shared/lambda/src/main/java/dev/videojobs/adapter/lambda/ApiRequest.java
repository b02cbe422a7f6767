package dev.videojobs.adapter.lambda;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as the services see it: route template, parameters, headers (case-insensitive), body, and the id of
 * the API key API Gateway accepted (the tenant registry says whose it is).
 */
public record ApiRequest(String method, String resource, Map<String, String> pathParameters, Map<String, String> query,
        Map<String, String> headers, String body, String apiKeyId) {

    public ApiRequest {
        TreeMap<String, String> insensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        insensitive.putAll(headers == null ? Map.of() : headers);
        headers = insensitive;
        pathParameters = pathParameters == null ? Map.of() : pathParameters;
        query = query == null ? Map.of() : query;
    }

    public String route() {
        return method + " " + resource;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).filter(value -> !value.isBlank());
    }

    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name)).filter(value -> !value.isBlank());
    }

    public String pathParameter(String name) {
        return pathParameters.get(name);
    }
}
