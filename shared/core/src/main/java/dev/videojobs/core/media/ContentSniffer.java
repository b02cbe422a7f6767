package dev.videojobs.core.media;

import java.nio.charset.StandardCharsets;

/**
 * Names the content type of a file from its first bytes. Announced content types (file names, HTTP headers) are
 * not trusted: providers and clients mislabel files, and what we store and report should describe the bytes.
 */
public final class ContentSniffer {

    /** How many leading bytes {@link #sniff} looks at; passing more is fine. */
    public static final int HEAD_LENGTH = 12;

    public static final String MP4 = "video/mp4";
    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String WEBP = "image/webp";
    public static final String GIF = "image/gif";
    public static final String UNKNOWN = "application/octet-stream";

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG_SIGNATURE = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private ContentSniffer() {}

    public static String sniff(byte[] head) {
        return sniff(head, head.length);
    }

    /** Sniffs the first {@code length} bytes of {@code buffer} (a partly filled buffer need not be copied). */
    public static String sniff(byte[] buffer, int length) {
        if (startsWith(buffer, length, PNG_SIGNATURE)) {
            return PNG;
        }
        if (startsWith(buffer, length, JPEG_SIGNATURE)) {
            return JPEG;
        }
        if (ascii(buffer, length, 0, "GIF87a") || ascii(buffer, length, 0, "GIF89a")) {
            return GIF;
        }
        if (ascii(buffer, length, 0, "RIFF") && ascii(buffer, length, 8, "WEBP")) {
            return WEBP;
        }
        if (ascii(buffer, length, 4, "ftyp")) {
            return MP4; // ISO base media file: what the providers return for videos
        }
        return UNKNOWN;
    }

    private static boolean startsWith(byte[] buffer, int length, byte[] signature) {
        if (length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (buffer[i] != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] buffer, int length, int offset, String text) {
        byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
        if (length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (buffer[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
