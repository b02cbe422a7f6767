package dev.videojobs.core.error;

/**
 * A request the client must change: a domain error with a stable code, a message in the client's terms and the
 * field it is about. How it travels (an HTTP status, a result file) is the adapter's business.
 */
public class ClientError extends RuntimeException {

    /** What kind of refusal this is; the API adapter maps each to one HTTP status. */
    public enum Kind { INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_LARGE }

    private final Kind kind;
    private final String code;
    private final String field;

    public ClientError(Kind kind, String code, String message, String field) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.field = field;
    }

    public static ClientError invalid(String field, String message) {
        return new ClientError(Kind.INVALID, "invalid_value", message, field);
    }

    public static ClientError notFound(String what) {
        return new ClientError(Kind.NOT_FOUND, "not_found", what + " not found", null);
    }

    public static ClientError conflict(String code, String message, String field) {
        return new ClientError(Kind.CONFLICT, code, message, field);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
