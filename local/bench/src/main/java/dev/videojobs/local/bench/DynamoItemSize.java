package dev.videojobs.local.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An item's size as DynamoDB meters it (what read and write units are charged on): names plus values. */
final class DynamoItemSize {

    private DynamoItemSize() {
    }

    static long of(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (var attribute : item.entrySet()) {
            bytes += utf8(attribute.getKey()) + valueSize(attribute.getValue());
        }
        return bytes;
    }

    private static long valueSize(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            // about one byte per two significant digits, plus one
            return (value.n().replaceAll("[^0-9]", "").replaceFirst("^0+", "").length() + 1) / 2 + 1;
        }
        if (value.b() != null) {
            return value.b().asByteArray().length;
        }
        if (value.hasM()) {
            return 3 + of(value.m());
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToLong(v -> 1 + valueSize(v)).sum();
        }
        return 1; // BOOL, NULL
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
