package dev.videojobs.local.sim;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An incoming HTTP request, read fully so handlers are plain functions of it. */
record SimRequest(String method, String path, Map<String, String> query, Headers headers, byte[] body) {

    static SimRequest read(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        return new SimRequest(exchange.getRequestMethod().toUpperCase(), exchange.getRequestURI().getRawPath(),
                parseQuery(exchange.getRequestURI().getRawQuery()), exchange.getRequestHeaders(), body);
    }

    String header(String name) {
        return headers.getFirst(name);
    }

    boolean isGet() {
        return method.equals("GET") || method.equals("HEAD");
    }

    /**
     * A call that asks the provider to create a task; a POST that only searches (WaveSpeed's history) is a query, and a
     * media upload creates no task.
     */
    boolean isSubmit() {
        return isPost() && !path().equals(WaveSpeedApi.PREFIX + WaveSpeedApi.HISTORY) && !path().equals(WaveSpeedApi.PREFIX + MediaUploads.PATH);
    }

    boolean isPost() {
        return method.equals("POST");
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }
}
