package dev.videojobs.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.adapter.lambda.ApiRequest;
import dev.videojobs.adapter.lambda.ApiResponse;
import dev.videojobs.adapter.lambda.JobView;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.JobIds;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.model.RequestJson;
import dev.videojobs.core.notify.WebhookSecrets;
import dev.videojobs.core.tenant.TenantRegistry;
import dev.videojobs.core.usecase.CancelJob;
import dev.videojobs.core.usecase.DeleteJob;
import dev.videojobs.core.usecase.IssueUpload;
import dev.videojobs.core.usecase.ReadJobs;
import dev.videojobs.core.usecase.RedeliverNotification;
import dev.videojobs.core.usecase.RotateWebhookSecret;
import dev.videojobs.core.usecase.SubmitJob;
import dev.videojobs.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The client API routes: every call is scoped to the caller's tenant, the one its API key is registered to. */
public final class ClientApi {

    private static final Set<String> UPLOAD_FIELDS = Set.of("content_type", "content_length");
    private static final String OPENAPI_ROUTE = "GET /v1/openapi.json";

    private final SubmitJob submit;
    private final ReadJobs reads;
    private final CancelJob cancel;
    private final RedeliverNotification redeliver;
    private final DeleteJob delete;
    private final IssueUpload uploads;
    private final WebhookSecrets secrets;
    private final RotateWebhookSecret rotation;
    private final JobView view;
    private final TenantRegistry tenants;

    public ClientApi(SubmitJob submit, ReadJobs reads, CancelJob cancel, RedeliverNotification redeliver, DeleteJob delete,
            IssueUpload uploads, WebhookSecrets secrets, RotateWebhookSecret rotation, JobView view, TenantRegistry tenants) {
        this.submit = submit;
        this.reads = reads;
        this.cancel = cancel;
        this.redeliver = redeliver;
        this.delete = delete;
        this.uploads = uploads;
        this.secrets = secrets;
        this.rotation = rotation;
        this.view = view;
        this.tenants = tenants;
    }

    public ApiResponse handle(ApiRequest request) {
        // the API's description is public (no API key in template.yaml): answered before any tenant is looked for
        if (request.route().equals(OPENAPI_ROUTE)) {
            return ApiResponse.of(200, OpenApi.DOCUMENT);
        }
        String tenant = tenantOf(request);
        return switch (request.route()) {
            case "POST /v1/jobs" -> submit(request, tenant);
            case "GET /v1/jobs" -> list(request, tenant);
            case "GET /v1/jobs/{id}" -> ApiResponse.of(200, view.render(reads.own(tenant, jobId(request))));
            case "DELETE /v1/jobs/{id}" -> {
                delete.delete(tenant, jobId(request));
                yield ApiResponse.noContent();
            }
            case "POST /v1/jobs/{id}/cancel" -> ApiResponse.of(200, view.render(cancel.cancel(tenant, jobId(request))));
            case "POST /v1/jobs/{id}/redeliver" -> ApiResponse.of(202, view.render(redeliver.redeliver(tenant, jobId(request))));
            case "POST /v1/uploads" -> upload(request, tenant);
            case "GET /v1/webhook/secret" -> ApiResponse.of(200, secretView(secrets.secretsOf(tenant)));
            case "POST /v1/webhook/secret/rotate" -> ApiResponse.of(200, secretView(rotation.rotate(tenant)));
            default -> throw new ClientError(ClientError.Kind.NOT_FOUND, "not_found", "no route " + request.route(), null);
        };
    }

    /** API Gateway accepted the key; only a key an operator registered to a tenant gets any further. */
    private String tenantOf(ApiRequest request) {
        String apiKeyId = request.apiKeyId();
        if (apiKeyId == null || apiKeyId.isBlank()) {
            throw new ClientError(ClientError.Kind.UNAUTHENTICATED, "unauthorized", "missing API key (x-api-key)", null);
        }
        return tenants.tenantOfKey(apiKeyId).orElseThrow(() -> new ClientError(ClientError.Kind.FORBIDDEN, "unknown_api_key",
                "this API key is not registered to a tenant; ask the operator to register it", null));
    }

    /** An id that cannot be one of ours is unknown, like any other unknown id, and never reaches the store. */
    private static String jobId(ApiRequest request) {
        String id = request.pathParameter("id");
        if (!JobIds.isWellFormed(id)) {
            throw ClientError.notFound("job");
        }
        return id;
    }

    private ApiResponse submit(ApiRequest request, String tenant) {
        Optional<String> key = request.header("Idempotency-Key");
        if (key.isPresent() && (key.get().length() > 255 || !key.get().matches("[\\x21-\\x7e]+"))) {
            throw ClientError.invalid("Idempotency-Key", "'Idempotency-Key' must be 1 to 255 visible ASCII characters");
        }
        SubmitJob.Accepted accepted = submit.submit(tenant, request.body(), SubmitJob.Source.api(key));
        return ApiResponse.of(accepted.created() ? 202 : 200, view.render(accepted.job()));
    }

    private ApiResponse list(ApiRequest request, String tenant) {
        Optional<JobStatus> status = request.queryParameter("status").map(value -> {
            try {
                return JobStatus.fromWire(value);
            } catch (IllegalArgumentException e) {
                throw ClientError.invalid("status", "'status' must be one of queued, submitted, processing, succeeded, failed, cancelled, expired");
            }
        });
        int limit = request.queryParameter("limit").map(value -> {
            if (!value.matches("\\d{1,3}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 100) {
                throw ClientError.invalid("limit", "'limit' must be an integer from 1 to 100");
            }
            return Integer.parseInt(value);
        }).orElse(20);
        JobStore.JobPage page;
        try {
            page = reads.list(tenant, status, limit, request.queryParameter("cursor"));
        } catch (JobStore.InvalidCursorException e) {
            throw ClientError.invalid("cursor", "'cursor' is not a cursor from this list");
        }
        ObjectNode body = Json.object();
        var items = body.putArray("jobs");
        page.jobs().forEach(job -> items.add(view.render(job)));
        page.nextCursor().ifPresent(cursor -> body.put("next_cursor", cursor));
        return ApiResponse.of(200, body);
    }

    /** A presigned PUT for one input image; the returned reference ({@code upload:<id>}) is used in a job's image fields. */
    private ApiResponse upload(ApiRequest request, String tenant) {
        Object parsed = RequestJson.parse(request.body() == null ? "{}" : request.body()).value();
        if (!(parsed instanceof Map<?, ?> body)) {
            throw new ClientError(ClientError.Kind.INVALID, "invalid_json", "request body must be a JSON object", null);
        }
        for (Object name : body.keySet()) {
            if (!UPLOAD_FIELDS.contains(name)) {
                throw new ClientError(ClientError.Kind.INVALID, "unknown_field", "unknown field '" + name + "'", (String) name);
            }
        }
        // a JSON integer that fits a long (an integer beyond a long must not wrap into the range); a BigInteger is beyond it
        Object length = body.get("content_length");
        long contentLength = length instanceof Integer || length instanceof Long ? ((Number) length).longValue() : -1;
        Object type = body.get("content_type");
        IssueUpload.Upload upload = uploads.issue(tenant, type == null ? null : Json.plainText(type), contentLength);
        ObjectNode response = Json.object().put("image", upload.imageReference()).put("upload_url", upload.url().toString())
                .put("method", "PUT").put("expires_in_seconds", upload.expiresIn().toSeconds());
        response.putObject("headers").put("Content-Type", upload.contentType()).put("Content-Length", Long.toString(upload.contentLength()));
        return ApiResponse.of(201, response);
    }

    /** The current secret, and the one before while deliveries are still signed with it too. */
    private static ObjectNode secretView(WebhookSecrets.Secrets secrets) {
        ObjectNode view = Json.object().put("secret", secrets.current());
        secrets.previousValidUntil().ifPresent(until -> view.put("previous_valid_until", until.toString()));
        return view;
    }

    /** The OpenAPI 3.1 document of this API ({@code openapi.json} in this function's artifact), read once; never modified. */
    static final class OpenApi {
        static final JsonNode DOCUMENT = load();

        private OpenApi() {
        }

        private static JsonNode load() {
            try (InputStream in = ClientApi.class.getResourceAsStream("/openapi.json")) {
                if (in == null) {
                    throw new IllegalStateException("openapi.json is missing from the classpath");
                }
                return Json.MAPPER.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
