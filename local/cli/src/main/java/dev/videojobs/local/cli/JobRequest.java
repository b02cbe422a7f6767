package dev.videojobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.model.Field;
import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code POST /v1/jobs} from {@code jobs submit}'s options. Images given as a URL, {@code data:} or
 * {@code upload:} go as they are; a local file is inlined as a {@code data:} URI below {@link #INLINE_LIMIT} bytes and
 * uploaded through {@code POST /v1/uploads} otherwise (the API takes bodies up to 10 MiB; base64 adds a third).
 */
final class JobRequest {

    /** Files below this many bytes are inlined; the others are uploaded first. */
    static final long INLINE_LIMIT = 4L * 1024 * 1024;

    /** Uploads a local image and answers the reference to put in the job ({@code upload:<id>}). */
    @FunctionalInterface
    interface Uploader {
        String upload(Path file, String contentType, long bytes) throws Exception;
    }

    /** A usage mistake found while building the body (a missing file, a field given twice): exit code 2. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private JobRequest() {
    }

    /**
     * The body. {@code typed} are the fields with their own options (already typed: numbers stay numbers); {@code extra}
     * are {@code --field name=value} pairs, whose value is sent as JSON when it parses as a number, boolean, object or
     * array, and as a string otherwise.
     */
    static ObjectNode build(String model, String provider, List<String> images, String endImage, Map<String, Object> typed,
            Map<String, String> extra, long inlineLimit, Uploader uploader) throws Exception {
        ObjectNode body = Json.object().put("model", model);
        if (provider != null) {
            body.put("provider", provider);
        }
        if (!images.isEmpty()) {
            if (images.size() > 1 || takesImageList(model, provider)) {
                ArrayNode list = body.putArray(Field.IMAGES.wire());
                for (String image : images) {
                    list.add(image(image, inlineLimit, uploader));
                }
            } else {
                body.put(Field.IMAGE.wire(), image(images.get(0), inlineLimit, uploader));
            }
        }
        if (endImage != null) {
            body.put(Field.END_IMAGE.wire(), image(endImage, inlineLimit, uploader));
        }
        for (Map.Entry<String, Object> field : typed.entrySet()) {
            if (field.getValue() != null) {
                body.set(field.getKey(), Json.MAPPER.valueToTree(field.getValue()));
            }
        }
        for (Map.Entry<String, String> field : new LinkedHashMap<>(extra).entrySet()) {
            if (body.has(field.getKey())) {
                throw new Invalid("field '" + field.getKey() + "' is given twice (--field and its own option)");
            }
            body.set(field.getKey(), value(field.getValue()));
        }
        return body;
    }

    /** A model known to this client that takes a list of images and no single one (the multi-image models). */
    static boolean takesImageList(String model, String provider) {
        Optional<ProductModel> known = ProductModel.fromId(model);
        if (known.isEmpty()) {
            return false;
        }
        Optional<ProviderName> chosen = provider == null ? Optional.empty() : ProviderName.fromWire(provider);
        return known.get().providers().stream().filter(p -> chosen.isEmpty() || chosen.get() == p)
                .map(p -> known.get().route(p).orElseThrow().fields())
                .anyMatch(fields -> fields.contains(Field.IMAGES) && !fields.contains(Field.IMAGE));
    }

    /** A {@code --field} value: JSON when it reads as a JSON number, boolean, null, object or array; text otherwise. */
    static JsonNode value(String text) {
        try {
            JsonNode parsed = Json.parse(text);
            if (parsed != null && !parsed.isTextual() && !parsed.isMissingNode()) {
                return parsed;
            }
        } catch (IOException e) {
            // not JSON: text
        }
        return Json.MAPPER.getNodeFactory().textNode(text);
    }

    /** A reference the API reads (URL, data:, upload:) as it is; a local file inlined or uploaded. */
    static String image(String image, long inlineLimit, Uploader uploader) throws Exception {
        if (image.matches("(?i)(https?://|data:|upload:|s3://).*")) {
            return image;
        }
        Path file = Path.of(image);
        if (!Files.isRegularFile(file)) {
            throw new Invalid("--image " + image + ": no such file (and not an http(s) URL, data: URI or upload: reference)");
        }
        String contentType = contentType(file);
        long size = Files.size(file);
        if (size < inlineLimit) {
            return "data:" + contentType + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        }
        return uploader.upload(file, contentType, size);
    }

    /** JPEG or PNG by the file's first bytes, as the API checks them. */
    static String contentType(Path file) throws IOException, Invalid {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (head.length == 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return "image/png";
        }
        throw new Invalid("--image " + file + " is not a JPEG or PNG file");
    }
}
