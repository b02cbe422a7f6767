package dev.videojobs.core.media;

/**
 * Walks a JPEG's markers and checks that a decoder can read it, without decoding pixels: SOI, well-formed segments
 * inside the file, one 8-bit baseline, extended or progressive frame header with sane dimensions and components,
 * quantisation and Huffman tables that libjpeg can build, scans that use only defined tables, at least one scan whose
 * entropy-coded data runs to a marker, and EOI. Bytes
 * after EOI are tolerated: decoders ignore them, and phone cameras put extra images (MPF) and motion-photo videos
 * there.
 */
final class JpegStructure {

    private static final int SOF0 = 0xc0; // baseline
    private static final int SOF1 = 0xc1; // extended sequential, Huffman
    private static final int SOF2 = 0xc2; // progressive, Huffman
    private static final int DHT = 0xc4;
    private static final int DQT = 0xdb;
    private static final int SOS = 0xda;
    private static final int SOI = 0xd8;
    private static final int EOI = 0xd9;
    private static final int TEM = 0x01;
    private static final int DRI = 0xdd;
    private static final int COM = 0xfe;

    private JpegStructure() {}

    /** @return {width, height} */
    static int[] check(byte[] jpeg, ImageInspector.Dimensions dimensions) throws InvalidImageException {
        int position = 2; // after SOI, which the sniffer matched
        int[] size = null;
        boolean progressive = false;
        int[] componentIds = null;
        int[] componentTables = null;
        int[] componentBlocks = null; // horizontal x vertical sampling: blocks per MCU
        boolean[] quantTables = new boolean[4];
        boolean[][] huffmanTables = new boolean[2][4]; // [DC, AC][table]
        boolean scanned = false;
        while (true) {
            if (position >= jpeg.length) {
                throw cutOff();
            }
            if ((jpeg[position] & 0xff) != 0xff) {
                throw damaged("is damaged (a segment does not start with a marker)");
            }
            while (position < jpeg.length && (jpeg[position] & 0xff) == 0xff) {
                position++; // fill bytes may precede a marker
            }
            if (position >= jpeg.length) {
                throw cutOff();
            }
            int marker = jpeg[position++] & 0xff;
            if (marker == EOI) {
                if (!scanned) {
                    throw damaged("ends before its image data");
                }
                return size;
            }
            if (marker == TEM) {
                continue;
            }
            if (marker == 0x00 || marker == SOI || (marker >= 0xd0 && marker <= 0xd7)) {
                throw damaged("is damaged (a marker is out of place)");
            }
            if (jpeg.length - position < 2) {
                throw cutOff();
            }
            int length = u16(jpeg, position);
            if (length < 2) {
                throw damaged("is damaged (a segment has an invalid length)");
            }
            if (length > jpeg.length - position) {
                throw cutOff();
            }
            int at = position + 2;
            int end = position + length;
            switch (marker) {
                case SOF0, SOF1, SOF2 -> {
                    if (size != null) {
                        throw damaged("has more than one frame header");
                    }
                    if (length < 8) {
                        throw invalidFrame();
                    }
                    int precision = jpeg[at] & 0xff;
                    int height = u16(jpeg, at + 1);
                    int width = u16(jpeg, at + 3);
                    int components = jpeg[at + 5] & 0xff;
                    if (precision != 8) {
                        throw damaged("has " + precision + "-bit samples; only 8-bit JPEG is supported");
                    }
                    if (width == 0 || height == 0 || components == 2 || components == 0 || components > 4
                            || length != 8 + 3 * components) {
                        throw invalidFrame();
                    }
                    progressive = marker == SOF2;
                    componentIds = new int[components];
                    componentTables = new int[components];
                    componentBlocks = new int[components];
                    for (int c = 0; c < components; c++) {
                        int id = jpeg[at + 6 + 3 * c] & 0xff;
                        int sampling = jpeg[at + 7 + 3 * c] & 0xff;
                        int table = jpeg[at + 8 + 3 * c] & 0xff;
                        int horizontal = sampling >> 4;
                        int vertical = sampling & 0x0f;
                        if (horizontal < 1 || horizontal > 4 || vertical < 1 || vertical > 4 || table > 3 || indexOf(componentIds, c, id) >= 0) {
                            throw invalidFrame();
                        }
                        componentIds[c] = id;
                        componentTables[c] = table;
                        componentBlocks[c] = horizontal * vertical;
                    }
                    dimensions.check(width, height);
                    size = new int[] {width, height};
                }
                case 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf ->
                        throw damaged("uses a lossless, hierarchical or arithmetic-coded encoding many decoders cannot "
                                + "read; use baseline or progressive JPEG");
                case DQT -> quantisationTables(jpeg, at, end, quantTables);
                case DHT -> huffmanTables(jpeg, at, end, huffmanTables);
                case SOS -> {
                    if (size == null) {
                        throw damaged("has image data before its frame header");
                    }
                    scanHeader(jpeg, at, length, progressive, componentIds, componentBlocks, huffmanTables);
                    for (int table : componentTables) {
                        if (!quantTables[table]) {
                            throw damaged("is damaged (a quantisation table is missing)");
                        }
                    }
                    end = entropyCodedDataEnd(jpeg, end);
                    scanned = true;
                }
                case DRI -> {
                    if (length != 4) {
                        throw damaged("is damaged (a restart interval is invalid)");
                    }
                }
                default -> {
                    // APPn and COM carry metadata; their contents do not decide whether the image decodes. libjpeg
                    // stops on any other marker (DNL, DHP, EXP, JPGn, reserved), so those are refused.
                    if (!(marker >= 0xe0 && marker <= 0xef) && marker != COM) {
                        throw damaged("has a marker decoders do not read (0x" + Integer.toHexString(marker).toUpperCase(java.util.Locale.ROOT) + ")");
                    }
                }
            }
            position = end;
        }
    }

    private static void quantisationTables(byte[] jpeg, int at, int end, boolean[] defined) throws InvalidImageException {
        while (at < end) {
            int precision = (jpeg[at] & 0xff) >> 4;
            int table = jpeg[at] & 0x0f;
            int tableLength = 1 + 64 * (precision + 1);
            if (precision > 1 || table > 3 || end - at < tableLength) {
                throw damaged("is damaged (a quantisation table is invalid)");
            }
            defined[table] = true;
            at += tableLength;
        }
    }

    /** Each table as libjpeg builds it: at most 256 symbols, DC symbols up to 15, and codes that fit their lengths. */
    private static void huffmanTables(byte[] jpeg, int at, int end, boolean[][] defined) throws InvalidImageException {
        while (at < end) {
            int tableClass = (jpeg[at] & 0xff) >> 4;
            int table = jpeg[at] & 0x0f;
            if (tableClass > 1 || table > 3 || end - at < 17) {
                throw invalidHuffmanTable();
            }
            int symbols = 0;
            long code = 0;
            for (int bits = 1; bits <= 16; bits++) {
                int count = jpeg[at + bits] & 0xff;
                symbols += count;
                code += count;
                if (count > 0 && code >= 1L << bits) {
                    throw invalidHuffmanTable();
                }
                code <<= 1;
            }
            if (symbols > 256 || end - at < 17 + symbols) {
                throw invalidHuffmanTable();
            }
            for (int i = 0; tableClass == 0 && i < symbols; i++) {
                if ((jpeg[at + 17 + i] & 0xff) > 15) {
                    throw invalidHuffmanTable();
                }
            }
            defined[tableClass][table] = true;
            at += 17 + symbols;
        }
    }

    /**
     * A scan's components exist in the frame and have the Huffman tables the scan decodes with; an interleaved scan
     * has at most 10 blocks per MCU; progressive parameters are ones a decoder accepts (libjpeg stops on others).
     */
    private static void scanHeader(byte[] jpeg, int at, int length, boolean progressive, int[] componentIds, int[] componentBlocks,
            boolean[][] huffmanTables) throws InvalidImageException {
        int components = length >= 3 ? jpeg[at] & 0xff : 0;
        if (components < 1 || components > 4 || length != 6 + 2 * components) {
            throw damaged("is damaged (a scan header is invalid)");
        }
        int spectralStart = jpeg[at + 1 + 2 * components] & 0xff;
        int spectralEnd = jpeg[at + 2 + 2 * components] & 0xff;
        int approximationHigh = (jpeg[at + 3 + 2 * components] & 0xff) >> 4;
        int approximationLow = jpeg[at + 3 + 2 * components] & 0x0f;
        boolean validParameters = progressive
                ? spectralStart <= spectralEnd && spectralEnd <= 63 && (spectralStart == 0) == (spectralEnd == 0)
                        && (spectralStart == 0 || components == 1) && approximationHigh <= 13 && approximationLow <= 13
                : spectralStart == 0 && spectralEnd == 63 && approximationHigh == 0 && approximationLow == 0;
        if (!validParameters) {
            throw damaged("is damaged (a scan header is invalid)");
        }
        boolean needsDc = !progressive || (spectralStart == 0 && approximationHigh == 0);
        boolean needsAc = !progressive || spectralStart > 0;
        int blocks = 0;
        for (int c = 0; c < components; c++) {
            int component = indexOf(componentIds, componentIds.length, jpeg[at + 1 + 2 * c] & 0xff);
            if (component < 0) {
                throw damaged("is damaged (a scan names a component the frame does not have)");
            }
            int tables = jpeg[at + 2 + 2 * c] & 0xff;
            if ((tables >> 4) > 3 || (tables & 0x0f) > 3 || (needsDc && !huffmanTables[0][tables >> 4])
                    || (needsAc && !huffmanTables[1][tables & 0x0f])) {
                throw damaged("is damaged (a Huffman table is missing)");
            }
            blocks += componentBlocks[component];
        }
        if (components > 1 && blocks > 10) {
            throw invalidFrame();
        }
    }

    /** Where the entropy-coded data after a scan header ends: at the next marker (not a stuffed 0xFF00 or a restart). */
    private static int entropyCodedDataEnd(byte[] jpeg, int from) throws InvalidImageException {
        for (int i = from; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) != 0xff) {
                continue;
            }
            int next = jpeg[i + 1] & 0xff;
            if (next == 0x00 || (next >= 0xd0 && next <= 0xd7)) {
                i++;
            } else if (next != 0xff) {
                return i;
            }
        }
        throw cutOff();
    }

    private static int indexOf(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static int u16(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
    }

    private static InvalidImageException invalidHuffmanTable() {
        return damaged("is damaged (a Huffman table is invalid)");
    }

    private static InvalidImageException invalidFrame() {
        return damaged("is damaged (its frame header is invalid)");
    }

    private static InvalidImageException cutOff() {
        return damaged("is cut off (it has no end-of-image marker)");
    }

    private static InvalidImageException damaged(String problem) {
        return new InvalidImageException("JPEG image " + problem);
    }
}
