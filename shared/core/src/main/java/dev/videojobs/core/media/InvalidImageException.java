package dev.videojobs.core.media;

/** The bytes are not an image we can use; the message is meant for the client that sent them. */
public final class InvalidImageException extends Exception {

    public InvalidImageException(String message) {
        super(message);
    }
}
