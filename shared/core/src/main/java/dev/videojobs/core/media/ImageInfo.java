package dev.videojobs.core.media;

/** What an input image is: {@code format} is "jpeg" or "png"; {@code bytes} is the file size. */
public record ImageInfo(String format, String contentType, int width, int height, long bytes) {}
