package dev.videojobs.core.usecase;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.media.MediaKeys;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.notify.ClientDocuments;
import dev.videojobs.core.tenant.TenantRegistry;
import dev.videojobs.json.JsonLog;
import dev.videojobs.json.Utf8;
import java.util.Optional;

/**
 * A request file {@code requests/{tenant}/{name}.json} becomes a job of that tenant. Its key and ETag are its
 * idempotency key, so a redelivered S3 event makes no second job. A refused file gets its error at once in
 * {@code results/{tenant}/{name}.json}; an accepted one gets its summary there when the job ends. A file under a
 * tenant nobody registered is not read: no job, no provider call, no result (nobody is there to read it); it is
 * logged and left where it is.
 */
public final class AcceptRequestFile {

    private static final long MAX_REQUEST_BYTES = 1024 * 1024;

    private final SubmitJob submit;
    private final MediaStore media;
    private final TenantRegistry tenants;
    private final ClientDocuments documents;

    public AcceptRequestFile(SubmitJob submit, MediaStore media, TenantRegistry tenants, ClientDocuments documents) {
        this.submit = submit;
        this.media = media;
        this.tenants = tenants;
        this.documents = documents;
    }

    public void accept(String key, String eTag) {
        Optional<String> tenant = MediaKeys.requestFileTenant(key);
        if (tenant.isEmpty()) {
            JsonLog.warn("request_file_ignored", "not under requests/{tenant}/{name}.json", "key", key);
            return;
        }
        if (!tenants.exists(tenant.get())) {
            JsonLog.warn("request_file_refused", "the tenant is not registered", "reason", "unknown_tenant", "tenant", tenant.get(),
                    "key", key, "etag", eTag);
            return;
        }
        try {
            Optional<byte[]> body = media.read(key, MAX_REQUEST_BYTES);
            if (body.isEmpty()) {
                return; // deleted since the event was sent
            }
            submit.submit(tenant.get(), Utf8.decode(body.get()), SubmitJob.Source.requestFile(key, eTag));
        } catch (Utf8.InvalidUtf8Exception e) {
            reject(key, new ClientError(ClientError.Kind.INVALID, "invalid_encoding", "request file is not valid UTF-8 (at byte "
                    + e.offset() + ")", null));
        } catch (ClientError e) {
            reject(key, e);
        } catch (MediaStore.ObjectTooLargeException e) {
            reject(key, new ClientError(ClientError.Kind.TOO_LARGE, "body_too_large", "request file is larger than 1 MiB", null));
        }
    }

    private void reject(String requestKey, ClientError error) {
        media.put(MediaKeys.resultOf(requestKey), documents.rejectedRequestFile(requestKey, error), "application/json");
    }
}
