package dev.videojobs.core.media;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.testing.TestImages;
import org.junit.jupiter.api.Test;

class ContentSnifferTest {

    @Test
    void shouldNameVideoMp4_whenBytesFourToEightAreFtyp() {
        byte[] head = {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};

        assertThat(ContentSniffer.sniff(head)).isEqualTo("video/mp4");
    }

    @Test
    void shouldNameImageTypes_whenBytesCarryTheirSignatures() {
        assertThat(ContentSniffer.sniff(TestImages.encode("png", 4, 4))).isEqualTo("image/png");
        assertThat(ContentSniffer.sniff(TestImages.encode("jpeg", 4, 4))).isEqualTo("image/jpeg");
        assertThat(ContentSniffer.sniff(TestImages.encode("gif", 4, 4))).isEqualTo("image/gif");
        assertThat(ContentSniffer.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(US_ASCII))).isEqualTo("image/webp");
    }

    @Test
    void shouldNameOctetStream_whenBytesAreUnknownOrTooFew() {
        assertThat(ContentSniffer.sniff("{\"json\": true}".getBytes(US_ASCII))).isEqualTo("application/octet-stream");
        assertThat(ContentSniffer.sniff(new byte[0])).isEqualTo("application/octet-stream");
        assertThat(ContentSniffer.sniff(new byte[] {(byte) 0x89, 'P', 'N'})).isEqualTo("application/octet-stream");
        assertThat(ContentSniffer.sniff("RIFF\0\0\0\0WAVE".getBytes(US_ASCII))).isEqualTo("application/octet-stream");
    }

    @Test
    void shouldLookOnlyAtTheFilledPart_whenGivenALength() {
        // Arrange: a buffer whose stale tail looks like an MP4 header.
        byte[] buffer = {'a', 'b', 0, 0, 'f', 't', 'y', 'p'};

        // Act + Assert
        assertThat(ContentSniffer.sniff(buffer, 2)).isEqualTo("application/octet-stream");
    }
}
