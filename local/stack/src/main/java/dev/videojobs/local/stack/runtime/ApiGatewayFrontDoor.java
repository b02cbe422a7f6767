package dev.videojobs.local.stack.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.videojobs.json.Json;
import dev.videojobs.json.Utf8;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * API Gateway (REST API, Lambda proxy integration) in front of the functions: JDK HttpServer, routes from the
 * functions' Api events, API keys in {@code x-api-key}, request to APIGatewayProxyRequestEvent, response from
 * APIGatewayProxyResponseEvent. Its own errors (unknown route or method, missing or wrong API key, body over 10 MiB,
 * function error 502, function timeout 504) are answered as the template's gateway responses say
 * ({@link GatewayResponses}).
 */
final class ApiGatewayFrontDoor implements AutoCloseable {

    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    static final String STAGE = "local";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private final List<ApiRoute> routes;
    private final GatewayResponses gatewayResponses;
    private final Map<String, String> apiKeys;
    private final String accountId;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final URI url;

    ApiGatewayFrontDoor(List<ApiRoute> routes, GatewayResponses gatewayResponses, RuntimeOptions options, String accountId)
            throws IOException {
        List<ApiRoute> sorted = new ArrayList<>(routes);
        sorted.sort(ApiRoute.SPECIFIC_FIRST);
        this.routes = List.copyOf(sorted);
        this.gatewayResponses = gatewayResponses;
        this.apiKeys = options.apiKeys();
        this.accountId = accountId;
        this.server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 128);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(32, 32, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "api-gateway-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        this.url = URI.create("http://" + host + ":" + server.getAddress().getPort());
    }

    URI url() {
        return url;
    }

    List<ApiRoute> routes() {
        return routes;
    }

    private void handle(HttpExchange exchange) {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String rawPath = exchange.getRequestURI().getRawPath();
            ApiRoute route = null;
            Map<String, String> pathParams = null;
            for (ApiRoute r : routes) {
                if (r.acceptsMethod(method)) {
                    Map<String, String> p = r.match(rawPath);
                    if (p != null) {
                        route = r;
                        pathParams = p;
                        break;
                    }
                }
            }
            if (route == null) {
                gatewayError(exchange, requestId, GatewayResponses.Type.MISSING_AUTHENTICATION_TOKEN);
                return;
            }
            Headers headers = exchange.getRequestHeaders();
            String apiKey = headers.getFirst("x-api-key");
            String apiKeyId = apiKey == null ? null : apiKeys.get(apiKey);
            if (route.apiKeyRequired() && apiKeyId == null) {
                gatewayError(exchange, requestId, GatewayResponses.Type.INVALID_API_KEY);
                return;
            }
            byte[] body = readBody(exchange);
            if (body == null) {
                gatewayError(exchange, requestId, GatewayResponses.Type.REQUEST_TOO_LARGE);
                return;
            }
            // identity.apiKey is only filled on methods that require a key, as API Gateway does.
            APIGatewayProxyRequestEvent event = event(exchange, route, pathParams, body, requestId,
                    route.apiKeyRequired() ? apiKey : null);
            Object result;
            try {
                result = route.function().takesStream()
                        ? fromJson((byte[]) route.function().invoke(toJson(event, apiKeyId)))
                        : route.function().invoke(event);
            } catch (LambdaFunction.FunctionError e) {
                if (e.getMessage() != null && e.getMessage().startsWith("Task timed out")) {
                    gatewayError(exchange, requestId, GatewayResponses.Type.INTEGRATION_TIMEOUT);
                } else {
                    gatewayError(exchange, requestId, GatewayResponses.Type.INTEGRATION_ERROR);
                }
                return;
            }
            if (!(result instanceof APIGatewayProxyResponseEvent response) || response.getStatusCode() == null) {
                System.err.println("[" + route.function().definition().logicalId() + "] malformed Lambda proxy response: "
                        + result);
                gatewayError(exchange, requestId, GatewayResponses.Type.INTEGRATION_ERROR);
                return;
            }
            respond(exchange, requestId, response);
        } catch (Exception e) {
            System.err.println("[api-gateway] " + e);
            try {
                gatewayError(exchange, requestId, GatewayResponses.Type.INTERNAL_ERROR);
            } catch (IOException ignored) {
                // client went away
            }
        }
    }

    /**
     * The event as API Gateway sends it, for handlers that read JSON: unlike the Java event class, the JSON carries
     * {@code requestContext.identity.apiKeyId}, the key's id, which the tenant registry maps to the tenant.
     */
    private static byte[] toJson(APIGatewayProxyRequestEvent event, String apiKeyId) throws IOException {
        ObjectNode json = Json.MAPPER.valueToTree(event);
        if (apiKeyId != null) {
            ((ObjectNode) json.path("requestContext").path("identity")).put("apiKeyId", apiKeyId);
        }
        return Json.MAPPER.writeValueAsBytes(json);
    }

    private static APIGatewayProxyResponseEvent fromJson(byte[] response) {
        try {
            JsonNode json = Json.parse(response);
            Map<String, String> headers = new LinkedHashMap<>();
            json.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            return new APIGatewayProxyResponseEvent().withStatusCode(json.path("statusCode").isInt() ? json.get("statusCode").asInt() : null)
                    .withHeaders(headers).withBody(json.path("body").asText(null))
                    .withIsBase64Encoded(json.path("isBase64Encoded").asBoolean(false));
        } catch (IOException e) {
            return new APIGatewayProxyResponseEvent();
        }
    }

    private APIGatewayProxyRequestEvent event(HttpExchange exchange, ApiRoute route, Map<String, String> pathParams,
                                              byte[] body, String requestId, String apiKey) {
        String rawPath = exchange.getRequestURI().getRawPath();
        Map<String, String> single = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, List<String>> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            multi.put(key, List.copyOf(values));
            single.put(key, values.get(values.size() - 1));
        });
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        single.putIfAbsent("x-forwarded-for", sourceIp);
        multi.putIfAbsent("x-forwarded-for", List.of(sourceIp));
        single.putIfAbsent("x-forwarded-proto", "http");
        multi.putIfAbsent("x-forwarded-proto", List.of("http"));
        String port = String.valueOf(exchange.getLocalAddress().getPort());
        single.putIfAbsent("x-forwarded-port", port);
        multi.putIfAbsent("x-forwarded-port", List.of(port));

        Map<String, List<String>> query = parseQuery(exchange.getRequestURI().getRawQuery());
        Map<String, String> lastQuery = null;
        if (!query.isEmpty()) {
            lastQuery = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : query.entrySet()) {
                lastQuery.put(e.getKey(), e.getValue().get(e.getValue().size() - 1));
            }
        }

        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity();
        identity.setSourceIp(sourceIp);
        identity.setUserAgent(single.get("user-agent"));
        // API Gateway sends identity.apiKey (the key's value) and identity.apiKeyId, but the Java event class has no
        // apiKeyId field: on Lambda it is dropped when the JSON is read, so it is not offered here either.
        identity.setApiKey(apiKey);

        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        context.setRequestId(requestId);
        context.setExtendedRequestId(requestId);
        context.setStage(STAGE);
        context.setResourcePath(route.pathTemplate());
        context.setResourceId(Integer.toHexString(route.pathTemplate().hashCode()));
        context.setHttpMethod(exchange.getRequestMethod().toUpperCase(Locale.ROOT));
        context.setPath("/" + STAGE + rawPath);
        context.setAccountId(accountId);
        context.setApiId("local");
        context.setProtocol(exchange.getProtocol());
        context.setDomainName(single.getOrDefault("host", "localhost"));
        context.setDomainPrefix("local");
        long now = System.currentTimeMillis();
        context.setRequestTimeEpoch(now);
        context.setRequestTime(REQUEST_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        context.setIdentity(identity);

        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
        event.setResource(route.pathTemplate());
        event.setPath(rawPath);
        event.setHttpMethod(exchange.getRequestMethod().toUpperCase(Locale.ROOT));
        event.setHeaders(single);
        event.setMultiValueHeaders(multi);
        event.setQueryStringParameters(lastQuery);
        event.setMultiValueQueryStringParameters(query.isEmpty() ? null : query);
        event.setPathParameters(pathParams.isEmpty() ? null : pathParams);
        event.setStageVariables(null);
        event.setRequestContext(context);
        // bytes that are not UTF-8 travel base64-encoded, so the handler sees them as sent rather than replaced
        boolean text = isUtf8(body);
        event.setBody(body.length == 0 ? null : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        event.setIsBase64Encoded(!text);
        return event;
    }

    private static boolean isUtf8(byte[] body) {
        try {
            Utf8.decode(body);
            return true;
        } catch (Utf8.InvalidUtf8Exception e) {
            return false;
        }
    }

    private static void respond(HttpExchange exchange, String requestId, APIGatewayProxyResponseEvent response)
            throws IOException {
        Headers out = exchange.getResponseHeaders();
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, vs) -> {
                if (vs != null) {
                    vs.forEach(v -> out.add(k, v));
                }
            });
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> {
                if (v != null) {
                    out.set(k, v);
                }
            });
        }
        if (!out.containsKey("Content-Type")) {
            out.set("Content-Type", "application/json");
        }
        out.set("x-amzn-RequestId", requestId);
        byte[] body;
        if (response.getBody() == null) {
            body = new byte[0];
        } else if (Boolean.TRUE.equals(response.getIsBase64Encoded())) {
            body = Base64.getDecoder().decode(response.getBody());
        } else {
            body = response.getBody().getBytes(StandardCharsets.UTF_8);
        }
        send(exchange, response.getStatusCode(), body);
    }

    private void gatewayError(HttpExchange exchange, String requestId, GatewayResponses.Type type) throws IOException {
        GatewayResponses.Answer answer = gatewayResponses.answer(type, requestId);
        answer.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        send(exchange, answer.status(), answer.body());
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = body.length == 0 || status == 204 || status == 304
                || "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }

    /**
     * The request body, or null if it is larger than API Gateway's 10 MiB payload limit (the excess is read and
     * dropped, up to a bound, so that the client gets to read the 413).
     */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            int n;
            long total = 0;
            while ((n = in.read(chunk)) > 0) {
                total += n;
                if (total > MAX_BODY_BYTES) {
                    long drained = 0;
                    while (drained < 8L * MAX_BODY_BYTES && (n = in.read(chunk)) > 0) {
                        drained += n;
                    }
                    return null;
                }
                buf.write(chunk, 0, n);
            }
            return buf.toByteArray();
        }
    }

    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
