package dev.videojobs.shared.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.shared.json.Json;

/** A JSON response. */
public record ApiResponse(int status, JsonNode body) {

    public static ApiResponse of(int status, JsonNode body) {
        return new ApiResponse(status, body);
    }

    public static ApiResponse error(ApiException e) {
        return error(e.status(), e.code(), e.getMessage(), e.field());
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
