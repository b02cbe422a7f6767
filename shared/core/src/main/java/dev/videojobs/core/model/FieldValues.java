package dev.videojobs.core.model;

import static dev.videojobs.core.error.ClientError.invalid;

import dev.videojobs.core.model.JobRequest.ImageSlot;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The model parameters' values, checked for {@link RequestValidator} and normalised into the job's params. A body is
 * plain data as StrictJson reads it: a JSON null is a null value (treated as absent), a JSON integer an
 * {@code Integer}, {@code Long} or {@code BigInteger}, any other number an exact {@code BigDecimal}.
 */
final class FieldValues {

    private static final Set<String> ASPECT_RATIOS = Set.of("16:9", "9:16", "1:1");

    private FieldValues() {
    }

    static void imageField(Map<String, Object> body, Field field, List<ImageSlot> images) {
        Object value = body.get(field.wire());
        if (value != null) {
            images.add(new ImageSlot(field.wire(), imageSource(value, field.wire())));
        }
    }

    static void imageList(Map<String, Object> body, List<ImageSlot> images) {
        Object value = body.get(Field.IMAGES.wire());
        if (value == null) {
            return;
        }
        if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > 4) {
            throw invalid("images", "'images' must be a list of 1 to 4 images");
        }
        for (int i = 0; i < list.size(); i++) {
            images.add(new ImageSlot("images[" + i + "]", imageSource(list.get(i), "images[" + i + "]")));
        }
    }

    private static String imageSource(Object value, String path) {
        if (!(value instanceof String source) || source.isBlank()) {
            throw invalid(path, "'" + path + "' must be an https URL, a data: URI or an upload reference");
        }
        return source;
    }

    static void text(Map<String, Object> body, Field field, Map<String, Object> params) {
        Object value = body.get(field.wire());
        if (value == null) {
            return;
        }
        if (!(value instanceof String text)) {
            throw invalid(field.wire(), "'" + field.wire() + "' must be a string");
        }
        if (PromptLimit.exceeded(text)) {
            throw invalid(field.wire(), "'" + field.wire() + "' must be at most " + PromptLimit.MAX_UTF16_UNITS
                    + " UTF-16 code units (most emoji count 2)");
        }
        params.put(field.wire(), text);
    }

    static void guidance(Map<String, Object> body, Map<String, Object> params) {
        Object value = body.get(Field.GUIDANCE_SCALE.wire());
        if (value == null) {
            return;
        }
        Optional<BigDecimal> scale = decimal(value).filter(n -> n.signum() >= 0 && n.compareTo(BigDecimal.ONE) <= 0);
        if (scale.isEmpty()) {
            throw invalid("guidance_scale", "'guidance_scale' must be a number from 0 to 1");
        }
        params.put("guidance_scale", scale.get().doubleValue());
    }

    /** 5 or 10 seconds; the strings "5" and "10" are accepted too, since the providers use both forms. */
    static void duration(Map<String, Object> body, Map<String, Object> params) {
        Object value = body.get(Field.DURATION.wire());
        if (value == null) {
            return;
        }
        // a JSON integer's text only: 5.0 and 5e0 are numbers with a fraction or exponent, no count of seconds
        String text = isInteger(value) || value instanceof String ? value.toString() : "";
        if (!text.equals("5") && !text.equals("10")) {
            throw invalid("duration", "'duration' must be 5 or 10 (seconds)");
        }
        params.put("duration", Integer.parseInt(text));
    }

    static void aspectRatio(Map<String, Object> body, Map<String, Object> params) {
        Object value = body.get(Field.ASPECT_RATIO.wire());
        if (value == null) {
            return;
        }
        if (!(value instanceof String ratio) || !ASPECT_RATIOS.contains(ratio)) {
            throw invalid("aspect_ratio", "'aspect_ratio' must be one of 16:9, 9:16, 1:1");
        }
        params.put("aspect_ratio", ratio);
    }

    static void base64Output(Map<String, Object> body, Map<String, Object> params) {
        Object value = body.get(Field.ENABLE_BASE64_OUTPUT.wire());
        if (value == null) {
            return;
        }
        if (!(value instanceof Boolean enabled)) {
            throw invalid("enable_base64_output", "'enable_base64_output' must be true or false");
        }
        params.put("enable_base64_output", enabled);
    }

    /** A JSON integer that fits a long; an integer beyond a long is out of range, never wrapped into it. */
    static Optional<Long> longInteger(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return Optional.of(((Number) value).longValue());
        }
        return value instanceof BigInteger big && big.bitLength() < Long.SIZE ? Optional.of(big.longValue()) : Optional.empty();
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof BigInteger;
    }

    /** A JSON number's exact value, for comparisons without rounding (1e-999999999 is above 0, 1e999999999 above 1). */
    private static Optional<BigDecimal> decimal(Object value) {
        if (value instanceof BigDecimal exact) {
            return Optional.of(exact);
        }
        if (value instanceof BigInteger big) {
            return Optional.of(new BigDecimal(big));
        }
        return value instanceof Integer || value instanceof Long ? Optional.of(BigDecimal.valueOf(((Number) value).longValue()))
                : Optional.empty();
    }
}
