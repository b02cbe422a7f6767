package dev.videojobs.adapter.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.json.Json;

/** A JSON response. */
public record ApiResponse(int status, JsonNode body) {

    public static ApiResponse of(int status, JsonNode body) {
        return new ApiResponse(status, body);
    }

    /** 204: done, nothing to say (a DELETE). */
    public static ApiResponse noContent() {
        return new ApiResponse(204, null);
    }

    /** The one place a domain refusal becomes an HTTP status. */
    public static ApiResponse error(ClientError e) {
        return error(status(e.kind()), e.code(), e.getMessage(), e.field());
    }

    public static int status(ClientError.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
        };
    }

    public static ApiResponse error(int status, String code, String message, String field) {
        ObjectNode error = Json.object();
        ObjectNode detail = error.putObject("error").put("code", code).put("message", message);
        if (field != null) {
            detail.put("field", field);
        }
        return new ApiResponse(status, error);
    }
}
