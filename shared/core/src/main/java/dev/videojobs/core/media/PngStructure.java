package dev.videojobs.core.media;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Walks a PNG's chunks and checks that a decoder can read it, without decoding pixels: signature, IHDR first with
 * valid values, every chunk inside the file with a valid CRC, a palette where the colour type needs one, one run of
 * IDAT chunks whose zlib stream inflates to exactly the size the header implies, and IEND. Bytes after IEND are
 * tolerated, as every decoder ignores them.
 *
 * <p>Memory stays bounded whatever the file claims: the dimensions go through the rules (at most
 * {@link ImageRules#MAX_SIDE} per side) before anything is inflated, inflating goes through a fixed 64 KB buffer, and
 * it stops as soon as the output passes the expected size (a decompression bomb ends there).
 */
final class PngStructure {

    private static final int SIGNATURE_LENGTH = 8;
    private static final int CHUNK_OVERHEAD = 12; // length, type, CRC
    /** Adam7 passes: x offset, y offset, x step, y step. */
    private static final int[][] ADAM7 = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};

    private PngStructure() {}

    /** @return {width, height} */
    static int[] check(byte[] png, ImageInspector.Dimensions dimensions) throws InvalidImageException {
        int position = SIGNATURE_LENGTH;
        Header header = null;
        ImageData data = null;
        boolean palette = false;
        boolean imageDataSeen = false;
        boolean imageDataEnded = false;
        try {
            while (true) {
                if (png.length - position < CHUNK_OVERHEAD) {
                    throw damaged("is cut off (it has no end chunk)");
                }
                long length = u32(png, position);
                if (length > png.length - position - CHUNK_OVERHEAD) {
                    throw damaged("is cut off (a chunk runs past the end of the file)");
                }
                int dataAt = position + 8;
                int size = (int) length;
                String type = chunkType(png, position + 4);
                CRC32 crc = new CRC32();
                crc.update(png, position + 4, 4 + size);
                if (crc.getValue() != u32(png, dataAt + size)) {
                    throw damaged("is damaged (the checksum of its " + type + " chunk does not match)");
                }
                if (header == null) {
                    if (!type.equals("IHDR")) {
                        throw damaged("does not start with its header chunk");
                    }
                    header = Header.read(png, dataAt, size);
                    dimensions.check(header.width, header.height);
                    data = new ImageData(header);
                } else {
                    switch (type) {
                        case "IHDR" -> throw damaged("has a second header chunk");
                        case "PLTE" -> {
                            if (palette || imageDataSeen || header.colorType == 0 || header.colorType == 4) {
                                throw damaged("has a palette where none may be");
                            }
                            int entries = size / 3;
                            if (size % 3 != 0 || entries == 0 || entries > 256
                                    || (header.colorType == 3 && entries > 1 << header.bitDepth)) {
                                throw damaged("has a palette of invalid size");
                            }
                            palette = true;
                        }
                        case "IDAT" -> {
                            if (imageDataEnded) {
                                throw damaged("has its image data split by other chunks");
                            }
                            if (header.colorType == 3 && !palette) {
                                throw damaged("uses a palette it does not contain");
                            }
                            imageDataSeen = true;
                            data.inflate(png, dataAt, size);
                        }
                        case "IEND" -> {
                            if (!imageDataSeen) {
                                throw damaged("has no image data");
                            }
                            if (size != 0) {
                                throw damaged("has an invalid end chunk");
                            }
                            data.finish();
                            return new int[] {header.width, header.height};
                        }
                        default -> {
                            if (Character.isUpperCase(type.charAt(0))) {
                                throw damaged("has a critical chunk decoders do not know (" + type + ")");
                            }
                        }
                    }
                }
                imageDataEnded = imageDataSeen && !type.equals("IDAT");
                position = dataAt + size + 4;
            }
        } finally {
            if (data != null) {
                data.end();
            }
        }
    }

    static InvalidImageException damaged(String problem) {
        return new InvalidImageException("PNG image " + problem);
    }

    private static String chunkType(byte[] png, int at) throws InvalidImageException {
        char[] letters = new char[4];
        for (int i = 0; i < 4; i++) {
            int c = png[at + i] & 0xff;
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                throw damaged("is damaged (a chunk has an invalid type)");
            }
            letters[i] = (char) c;
        }
        return new String(letters);
    }

    private static long u32(byte[] bytes, int at) {
        return ((bytes[at] & 0xffL) << 24) | ((bytes[at + 1] & 0xffL) << 16) | ((bytes[at + 2] & 0xffL) << 8) | (bytes[at + 3] & 0xffL);
    }

    private record Header(int width, int height, int bitDepth, int colorType, boolean interlaced) {

        static Header read(byte[] png, int at, int size) throws InvalidImageException {
            if (size != 13) {
                throw damaged("has an invalid header chunk");
            }
            long width = u32(png, at);
            long height = u32(png, at + 4);
            int bitDepth = png[at + 8] & 0xff;
            int colorType = png[at + 9] & 0xff;
            boolean validDepth = switch (colorType) {
                case 0 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
                case 3 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
                case 2, 4, 6 -> bitDepth == 8 || bitDepth == 16;
                default -> false;
            };
            int interlace = png[at + 12] & 0xff;
            if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE || !validDepth
                    || png[at + 10] != 0 || png[at + 11] != 0 || interlace > 1) {
                throw damaged("has an invalid header chunk");
            }
            return new Header((int) width, (int) height, bitDepth, colorType, interlace == 1);
        }

        int bitsPerPixel() {
            int channels = switch (colorType) {
                case 2 -> 3;
                case 4 -> 2;
                case 6 -> 4;
                default -> 1;
            };
            return channels * bitDepth;
        }
    }

    /**
     * The IDAT zlib stream, inflated through a fixed buffer and checked row by row: each scanline starts with a filter
     * type 0..4, and the stream ends exactly after the last row of the last pass.
     */
    private static final class ImageData {

        private final Inflater inflater = new Inflater();
        private final byte[] buffer = new byte[64 * 1024];
        private final long[][] passes; // {row length including the filter byte, rows}, empty passes left out
        private final long expected;
        private long produced;
        private int pass;
        private long rowsLeft;
        private long nextRowStart;

        ImageData(Header header) {
            int[][] layout = header.interlaced ? ADAM7 : new int[][] {{0, 0, 1, 1}};
            long[][] rows = new long[layout.length][];
            int count = 0;
            long total = 0;
            for (int[] p : layout) {
                long width = (header.width - p[0] + p[2] - 1L) / p[2];
                long height = (header.height - p[1] + p[3] - 1L) / p[3];
                if (width > 0 && height > 0) {
                    long rowLength = 1 + (width * header.bitsPerPixel() + 7) / 8;
                    rows[count++] = new long[] {rowLength, height};
                    total += rowLength * height;
                }
            }
            this.passes = java.util.Arrays.copyOf(rows, count);
            this.expected = total;
            this.rowsLeft = passes[0][1];
        }

        void inflate(byte[] png, int at, int size) throws InvalidImageException {
            if (inflater.finished()) {
                return; // bytes after the end of the zlib stream: decoders ignore them
            }
            inflater.setInput(png, at, size);
            while (true) {
                int n;
                try {
                    n = inflater.inflate(buffer);
                } catch (DataFormatException e) {
                    throw damaged("is damaged (its compressed image data is corrupt)");
                }
                if (n > 0) {
                    rows(n);
                } else if (inflater.needsDictionary()) {
                    throw damaged("is damaged (its compressed image data is corrupt)");
                } else {
                    return; // needs the next chunk, or finished
                }
            }
        }

        private void rows(int n) throws InvalidImageException {
            long start = produced;
            produced += n;
            if (produced > expected) {
                throw damaged("holds more image data than its size needs");
            }
            while (nextRowStart < produced) {
                if ((buffer[(int) (nextRowStart - start)] & 0xff) > 4) {
                    throw damaged("is damaged (a row has an invalid filter type)");
                }
                nextRowStart += passes[pass][0];
                if (--rowsLeft == 0 && pass + 1 < passes.length) {
                    rowsLeft = passes[++pass][1];
                }
            }
        }

        void finish() throws InvalidImageException {
            if (!inflater.finished() || produced != expected) {
                throw damaged("is incomplete (its image data ends early)");
            }
        }

        void end() {
            inflater.end();
        }
    }
}
