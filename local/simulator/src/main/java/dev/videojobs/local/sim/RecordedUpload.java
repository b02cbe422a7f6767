package dev.videojobs.local.sim;

/** A file received by WaveSpeed's media upload endpoint, as {@code GET /__sim/uploads} lists it. */
public record RecordedUpload(String downloadUrl, String filename, String contentType, int size, String sha256) {
}
