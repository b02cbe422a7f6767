package dev.videojobs.core.url;

/** A whole response body held in memory, with the content type the server announced. */
public record Fetched(byte[] bytes, String contentType) {}
