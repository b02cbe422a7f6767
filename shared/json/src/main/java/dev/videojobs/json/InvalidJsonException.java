package dev.videojobs.json;

/**
 * A request body {@link StrictJson} refuses, with a message in the client's terms (what and where, never the parser's
 * own message). {@link Problem#NOT_JSON}: the body is no single JSON value; {@link Problem#INVALID_TEXT}: it is JSON,
 * but a string or field name in it is no valid text, and {@link #path()} names where (null: the body itself).
 */
public final class InvalidJsonException extends Exception {

    public enum Problem { NOT_JSON, INVALID_TEXT }

    private final Problem problem;
    private final String path;

    InvalidJsonException(Problem problem, String message, String path) {
        super(message);
        this.problem = problem;
        this.path = path;
    }

    public Problem problem() {
        return problem;
    }

    /** The field, in the validator's notation ({@code metadata.tags[2]}), or null when no one field is at fault. */
    public String path() {
        return path;
    }
}
