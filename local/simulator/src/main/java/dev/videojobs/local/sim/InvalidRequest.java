package dev.videojobs.local.sim;

/** A request the provider would refuse; the message names the offending field. */
final class InvalidRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidRequest(String message) {
        super(message, null, false, false);
    }
}
