package dev.videojobs.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.adapter.lambda.ApiRequest;
import dev.videojobs.adapter.lambda.ApiResponse;
import dev.videojobs.adapter.provider.WaveSpeedProvider;
import dev.videojobs.adapter.provider.WaveSpeedWebhookVerifier;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobIds;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.provider.VideoProvider;
import dev.videojobs.core.usecase.JobWorkflow;
import dev.videojobs.json.Json;
import dev.videojobs.json.JsonLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Provider webhooks. Both carry the job's secret token in their URL, which alone binds a callback to a job.
 * WaveSpeed signs its bodies (not the URL): a verified body for the token's job is applied as is. Kling's are
 * unsigned: the task's state is confirmed with Kling's query endpoint before anything moves. Either way the
 * transition is idempotent, so duplicates and late callbacks change nothing.
 */
public final class CallbackService {

    private static final ApiResponse RECEIVED = ApiResponse.of(200, Json.object().put("received", true));

    private final JobWorkflow workflow;
    private final JobStore jobs;
    private final Supplier<WaveSpeedWebhookVerifier> waveSpeedVerifier;
    private final Supplier<VideoProvider> kling;

    public CallbackService(JobWorkflow workflow, JobStore jobs, Supplier<WaveSpeedWebhookVerifier> waveSpeedVerifier,
            Supplier<VideoProvider> kling) {
        this.workflow = workflow;
        this.jobs = jobs;
        this.waveSpeedVerifier = waveSpeedVerifier;
        this.kling = kling;
    }

    public ApiResponse handle(ApiRequest request) {
        return switch (request.route()) {
            case "POST /v1/callbacks/wavespeed" -> waveSpeed(request);
            case "POST /v1/callbacks/kling/{token}" -> kling(request);
            default -> throw new ClientError(ClientError.Kind.NOT_FOUND, "not_found", "no route " + request.route(), null);
        };
    }

    private ApiResponse waveSpeed(ApiRequest request) {
        String body = request.body() == null ? "" : request.body();
        boolean authentic = waveSpeedVerifier.get().verify(request.header("webhook-id").orElse(null),
                request.header("webhook-timestamp").orElse(null), request.header("webhook-signature").orElse(null), body);
        if (!authentic) {
            throw new ClientError(ClientError.Kind.UNAUTHENTICATED, "invalid_signature", "webhook signature is missing, stale or wrong", "webhook-signature");
        }
        TaskState state;
        try {
            JsonNode prediction = Json.parse(body);
            state = WaveSpeedProvider.prediction(prediction.has("data") ? prediction.get("data") : prediction);
        } catch (Exception e) {
            throw new ClientError(ClientError.Kind.INVALID, "invalid_callback", "body is not a WaveSpeed prediction", null);
        }
        Optional<String> jobId;
        Optional<String> token = request.queryParameter("token");
        if (token.isPresent()) {
            // the per-job token binds the route; a signed body replayed at another job's URL lacks that job's token
            jobId = Optional.of(tokenHolder(token.get()).orElseThrow(() -> ClientError.notFound("callback")).id());
        } else {
            // no token (a URL from before tokens): ?job= is not trusted; only the job that already owns the signed task
            // id takes it, and a callback earlier than the task id is ignored (the job's first check finds the result)
            jobId = jobs.findByProviderTask("wavespeed", state.taskId());
        }
        // apply() also requires the signed task id to be the job's own once the job has one
        jobId.ifPresent(id -> workflow.apply(id, state, Optional.empty()));
        return RECEIVED;
    }

    private ApiResponse kling(ApiRequest request) {
        Optional<Job> job = tokenHolder(Optional.ofNullable(request.pathParameter("token")).orElse(""));
        if (job.isEmpty()) {
            throw ClientError.notFound("callback");
        }
        String jobId = job.get().id();
        Optional<String> taskId = job.get().providerTaskId();
        if (taskId.isEmpty() || job.get().status().isTerminal()) {
            return RECEIVED;
        }
        try {
            TaskState confirmed = kling.get().query(ProductModel.fromId(job.get().model()).orElseThrow(), taskId.get());
            workflow.apply(jobId, confirmed, Optional.empty());
        } catch (ProviderException e) {
            // only a hint: the job's scheduled checks will see the same state
            JsonLog.warn("callback_unconfirmed", "could not confirm a Kling callback: " + e.getMessage(), "job_id", jobId);
        }
        return RECEIVED;
    }

    /** The job whose callback token ({@code <job id>.<secret>}) this is, compared in constant time. */
    private Optional<Job> tokenHolder(String token) {
        String jobId = token.contains(".") ? token.substring(0, token.indexOf('.')) : "";
        // a token whose job id part cannot be ours gets the unknown token's answer, without a read
        return (JobIds.isWellFormed(jobId) ? jobs.get(jobId) : Optional.<Job>empty()).filter(job -> MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8), job.callbackToken().orElse("").getBytes(StandardCharsets.UTF_8)));
    }
}
