package dev.videojobs.core.model;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.json.InvalidJsonException;
import dev.videojobs.json.StrictJson;

/**
 * A client's JSON body, parsed strictly ({@link StrictJson}: one value, no duplicate keys, only well-formed Unicode)
 * into plain data, its refusals told as client errors: {@code invalid_json} when it is no JSON value, and
 * {@code invalid_value} naming the field when a string in it is no valid text.
 */
public final class RequestJson {

    private RequestJson() {
    }

    public static StrictJson.Document parse(String body) {
        try {
            return StrictJson.read(body);
        } catch (InvalidJsonException e) {
            throw switch (e.problem()) {
                case NOT_JSON -> new ClientError(ClientError.Kind.INVALID, "invalid_json", e.getMessage(), null);
                case INVALID_TEXT -> ClientError.invalid(e.path(), e.getMessage());
            };
        }
    }
}
