package dev.videojobs.submit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.adapter.lambda.ApiResponse;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.tenant.TenantRegistry;
import dev.videojobs.core.usecase.SubmitService;
import dev.videojobs.json.Json;
import dev.videojobs.json.JsonLog;
import dev.videojobs.json.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request file {@code requests/{tenant}/{name}.json} becomes a job of that tenant. Its key and ETag are its
 * idempotency key, so a redelivered S3 event makes no second job. A refused file gets its error at once in
 * {@code results/{tenant}/{name}.json}; an accepted one gets its summary there when the job ends. A file under a
 * tenant nobody registered is not read: no job, no provider call, no result (nobody is there to read it); it is
 * logged and left where it is.
 */
public final class RequestFileService {

    private static final Pattern REQUEST_KEY = Pattern.compile("requests/(" + TenantRegistry.ID + ")/(.+\\.json)");
    private static final long MAX_REQUEST_BYTES = 1024 * 1024;

    private final SubmitService submit;
    private final MediaStore media;
    private final TenantRegistry tenants;

    public RequestFileService(SubmitService submit, MediaStore media, TenantRegistry tenants) {
        this.submit = submit;
        this.media = media;
        this.tenants = tenants;
    }

    public void accept(String key, String eTag) {
        Matcher matcher = REQUEST_KEY.matcher(key);
        if (!matcher.matches() || key.contains("..")) {
            JsonLog.warn("request_file_ignored", "not under requests/{tenant}/{name}.json", "key", key);
            return;
        }
        String tenant = matcher.group(1);
        if (!tenants.exists(tenant)) {
            JsonLog.warn("request_file_refused", "the tenant is not registered", "reason", "unknown_tenant", "tenant", tenant,
                    "key", key, "etag", eTag);
            return;
        }
        String resultKey = SubmitService.Source.resultKey(key);
        try {
            Optional<byte[]> body = media.read(key, MAX_REQUEST_BYTES);
            if (body.isEmpty()) {
                return; // deleted since the event was sent
            }
            submit.submit(tenant, Utf8.decode(body.get()), SubmitService.Source.requestFile(key, eTag));
        } catch (Utf8.InvalidUtf8Exception e) {
            writeError(resultKey, key, ApiResponse.error(400, "invalid_encoding", "request file is not valid UTF-8 (at byte "
                    + e.offset() + ")", null));
        } catch (ClientError e) {
            writeError(resultKey, key, ApiResponse.error(e));
        } catch (MediaStore.ObjectTooLargeException e) {
            writeError(resultKey, key, ApiResponse.error(413, "body_too_large", "request file is larger than 1 MiB", null));
        }
    }

    private void writeError(String resultKey, String requestKey, ApiResponse error) {
        var result = Json.object().put("request", requestKey).put("status", "rejected");
        result.setAll((ObjectNode) error.body());
        media.put(resultKey, Json.write(result).getBytes(StandardCharsets.UTF_8), "application/json");
    }
}
