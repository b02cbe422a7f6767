package dev.videojobs.adapter.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.json.Json;
import dev.videojobs.json.JsonLog;
import dev.videojobs.json.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * API Gateway proxy events in and out, read as JSON trees. The events library's POJO has no
 * {@code requestContext.identity.apiKeyId}, which names the tenant, so the API handlers take the raw event as a stream (which
 * also spares a reflective bind per request). Any failure becomes a JSON error: a client error as is, anything else
 * a 500 that hides internals.
 */
public final class ApiGatewayEvents {

    /** API Gateway accepts 10 MB; Lambda's synchronous payload stops at 6 MB. Requests beyond this are refused early. */
    public static final int MAX_BODY_BYTES = 5 * 1024 * 1024;

    private ApiGatewayEvents() {
    }

    public static void handle(InputStream event, OutputStream out, Function<ApiRequest, ApiResponse> service) throws IOException {
        JsonNode root = Json.MAPPER.readTree(event);
        ApiResponse response;
        try {
            response = service.apply(toRequest(root));
        } catch (ClientError e) {
            response = ApiResponse.error(e);
        } catch (RuntimeException e) {
            JsonLog.error("unhandled_error", "the request failed in our code", e, "method", root.path("httpMethod").asText(),
                    "resource", root.path("resource").asText());
            response = ApiResponse.error(500, "internal_error", "the request could not be completed; it is safe to retry", null);
        }
        ObjectNode proxyResponse = Json.object().put("statusCode", response.status()).put("isBase64Encoded", false)
                .put("body", response.body() == null ? "" : Json.write(response.body()));
        if (response.body() != null) {
            proxyResponse.putObject("headers").put("Content-Type", "application/json");
        }
        Json.MAPPER.writeValue(out, proxyResponse);
    }

    public static ApiRequest toRequest(JsonNode event) {
        return new ApiRequest(Json.text(event, "httpMethod"), Json.text(event, "resource"), strings(event.get("pathParameters")),
                strings(event.get("queryStringParameters")), strings(event.get("headers")), body(event),
                Json.text(event.path("requestContext").path("identity"), "apiKeyId"));
    }

    /** The body as text, its size counted in bytes (UTF-8, or the decoded bytes of a base64 body); bad bytes are refused. */
    private static String body(JsonNode event) {
        String body = Json.text(event, "body");
        if (body == null) {
            return null;
        }
        if (!event.path("isBase64Encoded").asBoolean(false)) {
            if (Utf8.encodedLength(body) > MAX_BODY_BYTES) {
                throw bodyTooLarge();
            }
            return body;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new ClientError(ClientError.Kind.INVALID, "invalid_encoding", "request body is not valid base64", null);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw bodyTooLarge();
        }
        try {
            return Utf8.decode(bytes);
        } catch (Utf8.InvalidUtf8Exception e) {
            throw new ClientError(ClientError.Kind.INVALID, "invalid_encoding", "request body is not valid UTF-8 (at byte " + e.offset() + ")", null);
        }
    }

    private static ClientError bodyTooLarge() {
        return new ClientError(ClientError.Kind.TOO_LARGE, "body_too_large", "request body is larger than " + MAX_BODY_BYTES
                + " bytes; upload images with POST /v1/uploads", null);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new HashMap<>();
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        }
        return values;
    }
}
