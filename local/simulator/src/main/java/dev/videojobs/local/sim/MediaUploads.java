package dev.videojobs.local.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WaveSpeed's {@code POST /api/v3/media/upload/binary} (docs "Media Upload"): a multipart/form-data body whose
 * {@code file} part is stored and served at {@code /__sim/media/{id}/{filename}}, the answer's {@code download_url}.
 */
final class MediaUploads {
    static final String PATH = "media/upload/binary";
    static final String SERVED_PREFIX = "/__sim/media/";
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern FIELD_NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");

    private record Stored(RecordedUpload upload, byte[] bytes) {}

    private final String baseUrl;
    private final Map<String, Stored> byPath = new ConcurrentHashMap<>();
    private final List<RecordedUpload> received = Collections.synchronizedList(new ArrayList<>());

    MediaUploads(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    SimResponse upload(SimRequest request) {
        String contentType = request.header("Content-Type");
        Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data") || !boundary.find()) {
            return WaveSpeedApi.error(400, "the body must be multipart/form-data with a file field");
        }
        // ISO-8859-1 maps every byte to one char, so the file's bytes survive the string search unchanged
        String body = new String(request.body(), StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary.group(1);
        for (String part : body.split(Pattern.quote(delimiter))) {
            int headersEnd = part.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                continue;
            }
            String headers = part.substring(0, headersEnd);
            Matcher name = FIELD_NAME.matcher(headers);
            if (!name.find() || !name.group(1).equals("file")) {
                continue;
            }
            String content = part.substring(headersEnd + 4, part.endsWith("\r\n") ? part.length() - 2 : part.length());
            Matcher file = FILE_NAME.matcher(headers);
            return stored(file.find() && !file.group(1).isBlank() ? file.group(1) : "upload.bin",
                    partType(headers), content.getBytes(StandardCharsets.ISO_8859_1));
        }
        return WaveSpeedApi.error(400, "file is required");
    }

    private SimResponse stored(String filename, String contentType, byte[] bytes) {
        String path = SERVED_PREFIX + UUID.randomUUID() + "/" + filename.replaceAll("[^A-Za-z0-9._-]", "_");
        RecordedUpload upload = new RecordedUpload(baseUrl + path, filename, contentType, bytes.length, ImageFetcher.sha256(bytes));
        byPath.put(path, new Stored(upload, bytes));
        received.add(upload);
        ObjectNode data = Json.object().put("type", contentType.startsWith("image/") ? "image" : "file")
                .put("download_url", upload.downloadUrl()).put("filename", filename).put("size", bytes.length);
        ObjectNode envelope = Json.object().put("code", 200).put("message", "success");
        envelope.set("data", data);
        return SimResponse.json(200, envelope);
    }

    /** A GET of a stored upload's download_url. */
    SimResponse serve(String path) {
        Stored stored = byPath.get(path);
        return stored == null ? SimResponse.text(404, "text/plain", "no such upload")
                : SimResponse.bytes(200, stored.upload().contentType(), stored.bytes());
    }

    List<RecordedUpload> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    void clear() {
        byPath.clear();
        received.clear();
    }

    private static String partType(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-type:")) {
                return line.substring("content-type:".length()).trim();
            }
        }
        return "application/octet-stream";
    }
}
