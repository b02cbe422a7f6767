package dev.videojobs.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 sizes and strict decoding: byte limits are counted in the bytes that travel, and bad bytes are refused. */
public final class Utf8 {

    private Utf8() {
    }

    /** The text's size in UTF-8 bytes; a lone surrogate counts 3 bytes, as its (invalid) 3-byte form would take. */
    public static long encodedLength(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Decodes strictly: malformed sequences, overlong forms and encoded surrogates are refused, not replaced. */
    public static String decode(byte[] bytes) throws InvalidUtf8Exception {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new InvalidUtf8Exception(in.position());
        }
        return out.flip().toString();
    }

    /** Bytes that are not UTF-8; {@link #offset()} is where the first bad sequence starts. */
    public static final class InvalidUtf8Exception extends Exception {
        private final int offset;

        InvalidUtf8Exception(int offset) {
            super("invalid UTF-8 at byte " + offset);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }
}
