package dev.videojobs.core.usecase;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.videojobs.core.config.Config;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.job.JobTransitions.Outcome;
import dev.videojobs.core.job.JobTransitions;
import dev.videojobs.core.media.ImageRules;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.provider.InputDelivery;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.provider.VideoProvider;
import dev.videojobs.core.queue.JobMessage.Action;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.core.schedule.TimeBudget;
import dev.videojobs.json.Json;
import dev.videojobs.json.JsonLog;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Moves jobs through their states. Each step is one conditional transition; the message, provider call or
 * notification it owns is sent only by the caller whose transition won. Lost messages are found by the sweeper
 * (every live job carries its next check time), so no job stays live past its deadline.
 */
public final class JobWorkflow {

    public static final String FORWARD = "forward";
    public static final String FETCH = "fetch";
    /** Prefix of a provider output kept in our bucket until it is copied (see {@link #stageInlineOutputs}). */
    public static final String STAGED = "staged:";
    private static final Duration FORWARD_WORK = Duration.ofMinutes(2);
    // how long another job's submit may take to record its task (ProviderHttp's timeouts and a margin); real time
    private static final Duration SUBMIT_SETTLING = Duration.ofSeconds(30);
    private static final Duration INPUT_URL_TTL = Duration.ofHours(2);
    private static final Duration FETCH_GRACE = Duration.ofMinutes(20);
    private static final Duration SWEEP_GRACE = Duration.ofMinutes(5);
    private static final int SWEEP_PAGE = 100;

    private final JobStore jobs;
    private final JobTransitions transitions;
    private final WorkQueue queue;
    private final MediaStore media;
    private final Function<ProviderName, VideoProvider> providers;
    private final Schedules schedules;
    private final Map<ProviderName, URI> callbackBaseUrls;

    /** @param callbackBaseUrls where each provider calls back (our API); a provider missing here is followed by polling alone */
    public JobWorkflow(JobStore jobs, JobTransitions transitions, WorkQueue queue, MediaStore media,
            Function<ProviderName, VideoProvider> providers, Schedules schedules, Map<ProviderName, URI> callbackBaseUrls) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.queue = queue;
        this.media = media;
        this.providers = providers;
        this.schedules = schedules;
        this.callbackBaseUrls = Map.copyOf(callbackBaseUrls);
    }

    /**
     * Where each provider calls back: {@code CALLBACK_BASE_URL_<PROVIDER>}, else {@code CALLBACK_BASE_URL}; a provider
     * with neither is polled only (the local stack's real provider, which cannot reach a laptop).
     */
    public static Map<ProviderName, URI> callbackBaseUrls(Config config) {
        Map<ProviderName, URI> urls = new EnumMap<>(ProviderName.class);
        for (ProviderName name : ProviderName.values()) {
            config.optional("CALLBACK_BASE_URL_" + name.name()).or(() -> config.optional("CALLBACK_BASE_URL"))
                    .ifPresent(url -> urls.put(name, URI.create(url)));
        }
        return urls;
    }

    // ------------------------------------------------------------------ forward

    /**
     * Submits a queued job to its provider, once: the forward lease makes concurrent copies of this step stand back, and
     * a submit that may have created a task (sent, then no usable answer; or a holder whose lease ran out mid-call) is
     * reconciled with the provider before anything is sent again, so a job is never paid for twice.
     */
    public void forward(String jobId) {
        Optional<Claimed> claimed = claimWork(jobId, FORWARD, FORWARD_WORK, job -> job.status() == JobStatus.QUEUED);
        if (claimed.isEmpty()) {
            return;
        }
        Job job = claimed.get().job();
        ProductModel model = ProductModel.fromId(job.model()).orElseThrow();
        VideoProvider provider = providers.apply(provider(job));
        Optional<Instant> inDoubtSince = job.submitInDoubtSince().or(() -> claimed.get().abandonedSince());
        if (inDoubtSince.isPresent()) {
            try {
                VideoProvider.Reconciliation found = job.earlyCallbackTask().isPresent()
                        ? new VideoProvider.Reconciliation.Created(job.earlyCallbackTask().get())
                        : provider.reconcile(job.id(), model, inDoubtSince.get());
                if (found instanceof VideoProvider.Reconciliation.Created created) {
                    submitted(jobId, model, created.taskId(), job.params().path("duration").asInt(5));
                    return;
                }
                if (found instanceof VideoProvider.Reconciliation.Candidates candidates && !unaccounted(candidates, job).isEmpty()) {
                    if (claimed.get().at().isBefore(inDoubtSince.get().plus(SUBMIT_SETTLING))) {
                        // another job's submit may still be recording its task: look again shortly
                        afterFailedForward(jobId, ProviderException.retryable("submit_settling",
                                "a submit's outcome is being reconciled with the provider"), inDoubtSince);
                    } else {
                        end(jobId, "submit_unknown", candidates.whatToCheck() + " Candidates: "
                                + String.join(", ", unaccounted(candidates, job)) + ".", false);
                    }
                    return;
                }
            } catch (ProviderException e) {
                afterFailedForward(jobId, e, inDoubtSince);
                return;
            }
        }
        try {
            String taskId = provider.submit(new VideoProvider.SubmitRequest(job.id(), model, job.params(), inputImages(job, provider),
                    callbackUrl(job)));
            submitted(jobId, model, taskId, job.params().path("duration").asInt(5));
        } catch (ProviderException e) {
            afterFailedForward(jobId, e, e.kind() == ProviderException.Kind.OUTCOME_UNKNOWN ? Optional.of(claimed.get().at()) : Optional.empty());
        }
    }

    /** The candidate tasks that no other job of ours has recorded as its own. */
    private List<String> unaccounted(VideoProvider.Reconciliation.Candidates candidates, Job job) {
        return candidates.taskIds().stream()
                .filter(taskId -> jobs.findByProviderTask(job.provider(), taskId).filter(owner -> !owner.equals(job.id())).isEmpty())
                .toList();
    }

    /** The provider has the task: the job is {@code submitted}, its first check planned near the model's run time. */
    private void submitted(String jobId, ProductModel model, String taskId, int durationSeconds) {
        Duration[] firstCheck = new Duration[1];
        Outcome submitted = transitions.apply(jobId, (current, now) -> {
            if (current.status() != JobStatus.QUEUED) {
                // cancelled or expired while we were submitting: the task is kept on the job, so that it is known whose
                // it is (a WaveSpeed reconciliation of another job would otherwise count it as possibly its own)
                return current.providerTaskId().isPresent() ? Optional.empty()
                        : Optional.of(current.set("provider_task_id", taskId).touch(now));
            }
            // the provider may have called back before we knew its task id: then look at once
            firstCheck[0] = current.earlyCallbackTask().filter(taskId::equals).isPresent() ? Duration.ZERO
                    : schedules(current).firstCheck(model.expectedRunTime(durationSeconds));
            current.moveTo(JobStatus.SUBMITTED, now).set("provider_task_id", taskId).set("submitted_at", now.toString())
                    .submitInDoubtSince(Optional.empty()).releaseLease(FORWARD);
            return Optional.of(scheduleCheck(current, now, firstCheck[0]));
        });
        submitted.job().filter(j -> submitted.won() && !j.status().isTerminal()).ifPresent(j -> sendCheck(j, firstCheck[0]));
    }

    /**
     * A forward that did not get the job to its provider: retried after a backoff while time can fix it, keeping (or
     * starting) the doubt about a task that may exist, so that the next attempt reconciles first; failed otherwise.
     */
    private void afterFailedForward(String jobId, ProviderException e, Optional<Instant> inDoubtSince) {
        if (e.kind() == ProviderException.Kind.RETRYABLE || e.kind() == ProviderException.Kind.OUTCOME_UNKNOWN) {
            retry(jobId, FORWARD, e.code(), e.getMessage(), e.retryAfter().orElse(null), Integer.MAX_VALUE,
                    job -> job.submitInDoubtSince(inDoubtSince));
        } else {
            fail(jobId, e);
        }
    }

    /** Each input in {@code inputs/} as the provider takes it: a presigned GET URL, or its bytes (see InputDelivery). */
    private Map<String, VideoProvider.InputImage> inputImages(Job job, VideoProvider provider) {
        Map<String, VideoProvider.InputImage> images = new LinkedHashMap<>();
        job.inputs().fields().forEachRemaining(input -> {
            String key = input.getValue().asText();
            images.put(input.getKey(), provider.inputDelivery() == InputDelivery.PRESIGNED_URL
                    ? VideoProvider.InputImage.at(media.presignGet(key, INPUT_URL_TTL)) : VideoProvider.InputImage.of(inputBytes(key)));
        });
        return images;
    }

    private byte[] inputBytes(String key) {
        try {
            return media.read(key, ImageRules.MAX_BYTES).orElseThrow(() -> new IllegalStateException("input " + key + " is missing"));
        } catch (MediaStore.ObjectTooLargeException e) {
            throw new IllegalStateException("input " + key + " is larger than an accepted image", e);
        }
    }

    /**
     * Where the provider reports on the task. Both carry the job's secret token: WaveSpeed's signature covers the body
     * but not the URL, so only the token binds a signed callback to this job (see CallbackService).
     */
    private Optional<URI> callbackUrl(Job job) {
        return Optional.ofNullable(callbackBaseUrls.get(provider(job))).map(base -> switch (provider(job)) {
            case WAVESPEED -> URI.create(base + "/v1/callbacks/wavespeed?token=" + job.callbackToken().orElseThrow() + "&job=" + job.id());
            case KLING -> URI.create(base + "/v1/callbacks/kling/" + job.callbackToken().orElseThrow());
        });
    }

    // ------------------------------------------------------------------ follow

    /** A scheduled check: ask the provider, unless this message is stale (the job has moved on since it was sent). */
    public void check(String jobId, int sequence) {
        Optional<Job> found = jobs.get(jobId);
        if (found.isEmpty() || !awaitingProvider(found.get()) || found.get().doc().path("check_seq").asInt() != sequence) {
            return;
        }
        Job job = found.get();
        try {
            TaskState state = providers.apply(provider(job)).query(ProductModel.fromId(job.model()).orElseThrow(), job.providerTaskId().orElseThrow());
            apply(jobId, state, Optional.of(sequence));
        } catch (ProviderException e) {
            if (e.kind() != ProviderException.Kind.RETRYABLE) {
                fail(jobId, e);
                return;
            }
            Duration[] delay = new Duration[1];
            Outcome retry = transitions.apply(jobId, (current, now) -> {
                if (!awaitingProvider(current) || current.doc().path("check_seq").asInt() != sequence) {
                    return Optional.empty();
                }
                // its own count: a transient error after many routine polls should not wait as if it had failed as often
                current.countAttempt("check_error").lastError("check", e.getMessage());
                delay[0] = schedules(current).retry(current.attempts("check_error"), e.retryAfter().orElse(null));
                return Optional.of(scheduleCheck(current, now, delay[0]));
            });
            retry.job().filter(j -> retry.won()).ifPresent(j -> sendCheck(j, delay[0]));
        }
    }

    /**
     * Applies what the provider says of a task (from a check, or an authenticated or confirmed callback). A poll
     * ({@code sequence} present) also plans the next check; a callback only moves the state.
     */
    public void apply(String jobId, TaskState state, Optional<Integer> sequence) {
        List<String> outputs = state.phase() == TaskState.Phase.SUCCEEDED ? stageInlineOutputs(jobId, state.outputs()) : state.outputs();
        Duration[] nextCheck = new Duration[1];
        Outcome outcome = transitions.apply(jobId, (job, now) -> {
            if (job.status() == JobStatus.QUEUED && job.providerTaskId().isEmpty() && state.finished()) {
                // a callback that beat our record of the task id: noted, so the forward checks at once (never trusted as is)
                return job.doc().has("early_callback_task") ? Optional.empty()
                        : Optional.of(job.set("early_callback_task", state.taskId()).touch(now));
            }
            if (!awaitingProvider(job) || !job.providerTaskId().orElse("").equals(state.taskId())
                    || sequence.isPresent() && job.doc().path("check_seq").asInt() != sequence.get()) {
                return Optional.empty();
            }
            Optional<Job> expired = expiredIfLate(job, now);
            if (expired.isPresent()) {
                return expired;
            }
            switch (state.phase()) {
                case PENDING, RUNNING -> {
                    boolean started = state.phase() == TaskState.Phase.RUNNING && job.status() == JobStatus.SUBMITTED;
                    if (started) {
                        job.moveTo(JobStatus.PROCESSING, now);
                    }
                    if (sequence.isEmpty()) {
                        return started ? Optional.of(job) : Optional.empty();
                    }
                    nextCheck[0] = schedules(job).nextCheck(job.countAttempt("check").attempts("check"));
                    return Optional.of(scheduleCheck(job, now, nextCheck[0]));
                }
                case SUCCEEDED -> {
                    if (job.status() == JobStatus.SUBMITTED) {
                        job.moveTo(JobStatus.PROCESSING, now);
                    }
                    ArrayNode sources = Json.array();
                    outputs.forEach(sources::add);
                    ArrayNode nsfw = Json.array();
                    state.nsfw().forEach(nsfw::add);
                    job.set("provider_outputs", sources).set("nsfw", nsfw).set("provider_finished_at", now.toString());
                    state.costUnits().ifPresent(units -> job.set("provider_units", units));
                    return Optional.of(job.touch(now).nextCheckAt(now.plus(schedules(job).scale(FETCH_GRACE))));
                }
                default -> {
                    return Optional.of(finish(job, JobStatus.FAILED, now, "provider_failed", state.error()));
                }
            }
        });
        if (!outcome.won()) {
            return;
        }
        Job job = outcome.job().orElseThrow();
        if (job.status().isTerminal()) {
            notifyClient(job);
        } else if (job.hasProviderOutputs()) {
            queue.send(WorkQueue.Name.FETCH, JobMessage.of(Action.FETCH, jobId), Duration.ZERO);
        } else if (nextCheck[0] != null) {
            sendCheck(job, nextCheck[0]);
        }
    }

    /**
     * Outputs that are the content itself (base64) rather than URLs can exceed DynamoDB's 400 KB item: they wait in
     * S3 under {@code staging/{job}/} and the job keeps their keys. Rewriting them on a replay is harmless.
     */
    private List<String> stageInlineOutputs(String jobId, List<String> outputs) {
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            String output = outputs.get(i);
            if (output.startsWith("https://") || output.startsWith("http://")) {
                sources.add(output);
            } else {
                String key = "staging/" + jobId + "/" + i + ".b64";
                media.put(key, output.getBytes(StandardCharsets.US_ASCII), "text/plain");
                sources.add(STAGED + key);
            }
        }
        return sources;
    }

    // ------------------------------------------------------------------ sweep

    /**
     * Re-issues the pending work of live jobs whose next check is overdue (a lost message), and expires late ones:
     * oldest overdue first, one job at a time, while the budget allows. A swept job's next check moves on, out of
     * the overdue range, so what one invocation does not reach is the oldest overdue work of the next: nothing waits
     * forever. A job whose sweep fails is logged and passed over for the rest of this invocation.
     *
     * @return how many jobs this sweep moved
     */
    public int sweep(Instant now, TimeBudget budget) {
        Set<String> attempted = new HashSet<>();
        int handled = 0;
        while (budget.allowsAnotherItem()) {
            // ask past the ones tried already: a job that failed stays overdue and would fill every page
            List<String> fresh = jobs.due(now.toEpochMilli(), attempted.size() + SWEEP_PAGE).stream()
                    .filter(id -> !attempted.contains(id)).toList();
            if (fresh.isEmpty()) {
                break;
            }
            for (String id : fresh) {
                if (!budget.allowsAnotherItem()) {
                    break;
                }
                attempted.add(id);
                try {
                    handled += sweepJob(id) ? 1 : 0;
                } catch (RuntimeException e) {
                    JsonLog.error("sweep_failed", "could not sweep the job; it is passed over this run", e, "job_id", id);
                }
            }
        }
        return handled;
    }

    /** One overdue job: its work re-issued, or the job expired. False when there was nothing to do. */
    private boolean sweepJob(String id) {
        JobMessage[] resend = new JobMessage[1];
        Outcome outcome = transitions.apply(id, (job, at) -> {
            resend[0] = null;
            if (job.status().isTerminal() || job.nextCheckAt() > at.toEpochMilli()) {
                return Optional.empty();
            }
            Optional<Job> expired = expiredIfLate(job, at);
            if (expired.isPresent()) {
                return expired;
            }
            if (job.status() == JobStatus.QUEUED) {
                resend[0] = JobMessage.of(Action.FORWARD, id);
            } else if (job.hasProviderOutputs()) {
                resend[0] = JobMessage.of(Action.FETCH, id);
            } else {
                scheduleCheck(job, at, Duration.ZERO);
                resend[0] = checkMessage(job);
            }
            return Optional.of(job.nextCheckAt(at.plus(schedules(job).scale(SWEEP_GRACE))));
        });
        if (!outcome.won()) {
            return false;
        }
        Job job = outcome.job().orElseThrow();
        if (job.status().isTerminal()) {
            notifyClient(job);
        } else {
            queue.send(resend[0].action().queue(), resend[0], Duration.ZERO);
        }
        return true;
    }

    // ------------------------------------------------------------------ failed deliveries

    /**
     * A queue message about this job failed (a bug, a fault no step handles, a webhook given up on): noted on the job,
     * so a client sees why it is not moving. The message is retried, then kept in its dead-letter queue; a live job's next
     * check stays due, so the sweeper re-issues the work and ends the job {@code expired} at its deadline if it never
     * succeeds. The details are in the function's log, not on the job.
     */
    public void noteFailure(JobMessage message, int receiveCount) {
        String step = message.action().name().toLowerCase();
        transitions.apply(message.jobId(), (job, now) -> Optional.of(job.lastError(step,
                step + " failed on delivery " + receiveCount + " of its queue message (the reason is in our logs); it is retried")
                .touch(now)));
    }

    // ------------------------------------------------------------------ client actions

    public Job cancel(String tenant, String jobId) {
        ownJob(tenant, jobId);
        Outcome outcome = transitions.apply(jobId, (job, now) -> job.status().isTerminal() ? Optional.empty()
                : Optional.of(finish(job, JobStatus.CANCELLED, now, "cancelled", "cancelled by the client")));
        Job job = outcome.job().orElseThrow(() -> ClientError.notFound("job"));
        if (!outcome.won()) {
            throw new ClientError(ClientError.Kind.CONFLICT, "job_finished", "job is already " + job.status().wire(), null);
        }
        notifyClient(job);
        return job;
    }

    /** Sends the job's webhook event again, with the same webhook-id, restarting its retry schedule. */
    public Job redeliver(String tenant, String jobId) {
        Job existing = ownJob(tenant, jobId);
        if (!existing.status().isTerminal()) {
            throw new ClientError(ClientError.Kind.CONFLICT, "job_not_finished", "job is " + existing.status().wire() + "; its webhook is sent when it ends", null);
        }
        if (existing.webhookUrl().isEmpty()) {
            throw new ClientError(ClientError.Kind.CONFLICT, "no_webhook", "job has no webhook_url", "webhook_url");
        }
        Outcome outcome = transitions.apply(jobId, (job, now) -> {
            var notification = job.notification();
            notification.put("attempts", 0).put("exhausted", false).remove(List.of("delivered_at", "next_attempt_at", "stopped"));
            notification.put("redelivered_at", now.toString());
            return Optional.of(job.touch(now));
        });
        Job job = outcome.job().orElseThrow();
        notifyClient(job);
        return job;
    }

    public Job ownJob(String tenant, String jobId) {
        return jobs.get(jobId).filter(job -> job.tenant().equals(tenant)).orElseThrow(() -> ClientError.notFound("job"));
    }

    // ------------------------------------------------------------------ claimed work (forward, fetch)

    /**
     * Claims a step of work on a live job for {@code work} (real time): concurrent or duplicate copies of the step stand
     * back while the lease holds; a crashed holder's lease runs out and the sweeper hands the step to another.
     * A job past its deadline is expired instead (and its client notified).
     */
    public Optional<Job> claim(String jobId, String purpose, Duration work, Predicate<Job> ready) {
        return claimWork(jobId, purpose, work, ready).map(Claimed::job);
    }

    /**
     * A claimed step: the job as claimed, when, and since when a previous holder's lease had run out without being
     * released (it crashed or timed out mid-step), if one had.
     */
    private record Claimed(Job job, Instant at, Optional<Instant> abandonedSince) {}

    private Optional<Claimed> claimWork(String jobId, String purpose, Duration work, Predicate<Job> ready) {
        Duration lease = schedules.lease(work);
        Claimed[] claimed = new Claimed[1];
        Outcome claim = transitions.apply(jobId, (job, now) -> {
            if (job.status().isTerminal() || !ready.test(job) || job.leaseUntil(purpose) > now.toEpochMilli()) {
                return Optional.empty();
            }
            Optional<Job> expired = expiredIfLate(job, now);
            if (expired.isPresent()) {
                return expired;
            }
            Optional<Instant> abandoned = job.leaseUntil(purpose) == 0 ? Optional.empty()
                    : Optional.of(Instant.ofEpochMilli(job.leaseUntil(purpose)).minus(lease));
            Instant until = now.plus(lease);
            Job leased = job.lease(purpose, until).nextCheckAt(until);
            claimed[0] = new Claimed(leased, now, abandoned);
            return Optional.of(leased);
        });
        if (!claim.won()) {
            return Optional.empty();
        }
        Job job = claim.job().orElseThrow();
        if (job.status().isTerminal()) {
            notifyClient(job);
            return Optional.empty();
        }
        return Optional.of(new Claimed(job, claimed[0].at(), claimed[0].abandonedSince()));
    }

    /** A claimed step failed in a way time may fix: try again after a backoff, or fail the job after {@code maxAttempts}. */
    public void retry(String jobId, String purpose, String code, String message, Duration retryAfter, int maxAttempts) {
        retry(jobId, purpose, code, message, retryAfter, maxAttempts, job -> job);
    }

    private void retry(String jobId, String purpose, String code, String message, Duration retryAfter, int maxAttempts,
            UnaryOperator<Job> alsoRecord) {
        Duration[] delay = new Duration[1];
        Outcome retry = transitions.apply(jobId, (job, now) -> {
            if (job.status().isTerminal()) {
                return Optional.empty();
            }
            alsoRecord.apply(job).countAttempt(purpose).releaseLease(purpose).lastError(purpose, message);
            if (job.attempts(purpose) >= maxAttempts) {
                return Optional.of(finish(job, JobStatus.FAILED, now, code, message + " (after " + maxAttempts + " attempts)"));
            }
            delay[0] = schedules(job).retry(job.attempts(purpose), retryAfter);
            return Optional.of(job.nextCheckAt(now.plus(delay[0])));
        });
        if (!retry.won()) {
            return;
        }
        Job job = retry.job().orElseThrow();
        if (job.status().isTerminal()) {
            notifyClient(job);
        } else {
            Action action = purpose.equals(FETCH) ? Action.FETCH : Action.FORWARD;
            queue.send(action.queue(), JobMessage.of(action, jobId), delay[0]);
        }
    }

    /** Every output is in S3 and verified: the job succeeded. */
    public void complete(String jobId, ArrayNode outputs) {
        Outcome outcome = transitions.apply(jobId, (job, now) -> job.status().isTerminal() ? Optional.empty()
                : Optional.of(finish(job.set("outputs", outputs), JobStatus.SUCCEEDED, now, null, null)));
        outcome.job().filter(j -> outcome.won()).ifPresent(this::notifyClient);
    }

    /** Ends a live job as failed for a reason no retry can fix. */
    public void fail(String jobId, String code, String message) {
        end(jobId, code, message, false);
    }

    /** Fails a live job; an account problem (credentials, balance, allow-list) is flagged for the operator. */
    private void end(String jobId, String code, String message, boolean accountProblem) {
        Outcome outcome = transitions.apply(jobId, (job, now) -> {
            if (job.status().isTerminal()) {
                return Optional.empty();
            }
            Job failed = finish(job, JobStatus.FAILED, now, code, message);
            if (accountProblem) {
                failed.doc().with("error").put("account_problem", true);
            }
            return Optional.of(failed);
        });
        outcome.job().filter(j -> outcome.won()).ifPresent(this::notifyClient);
    }

    // ------------------------------------------------------------------ shared steps

    /** Ends a job for a reason the provider gave (or its account problem), and notifies the client. */
    private void fail(String jobId, ProviderException cause) {
        end(jobId, cause.code(), cause.getMessage(), cause.kind() == ProviderException.Kind.ACCOUNT);
    }

    /** A live job past its deadline ends {@code expired}, whichever step finds it. */
    private static Optional<Job> expiredIfLate(Job job, Instant now) {
        return now.isAfter(job.deadline())
                ? Optional.of(finish(job, JobStatus.EXPIRED, now, "deadline_exceeded", "the job did not finish before its deadline"))
                : Optional.empty();
    }

    /** Moves to a terminal state and opens the job's one webhook event. */
    static Job finish(Job job, JobStatus status, Instant now, String code, String message) {
        job.moveTo(status, now);
        if (status != JobStatus.SUCCEEDED) {
            job.error(code, message);
        }
        job.notification().put("event_id", "msg_" + job.id()).put("attempts", 0);
        return job;
    }

    public void notifyClient(Job job) {
        if (job.webhookUrl().isPresent() || job.requestFileKey().isPresent()) {
            queue.send(WorkQueue.Name.NOTIFY, new JobMessage(Action.NOTIFY, job.id(), job.notification().path("event_id").asText(), null),
                    Duration.ZERO);
        }
    }

    private static boolean awaitingProvider(Job job) {
        return !job.status().isTerminal() && job.providerTaskId().isPresent() && !job.hasProviderOutputs();
    }

    private static Job scheduleCheck(Job job, Instant now, Duration delay) {
        job.doc().put("check_seq", job.doc().path("check_seq").asInt() + 1);
        return job.nextCheckAt(now.plus(delay));
    }

    private void sendCheck(Job job, Duration delay) {
        queue.send(WorkQueue.Name.POLL, checkMessage(job), delay);
    }

    private static JobMessage checkMessage(Job job) {
        return new JobMessage(Action.CHECK, job.id(), Integer.toString(job.doc().path("check_seq").asInt()), null);
    }

    /** A job's waits follow its provider's time scale (a real provider behind the local stack keeps real timings). */
    private Schedules schedules(Job job) {
        return schedules.forProvider(provider(job));
    }

    private static ProviderName provider(Job job) {
        return ProviderName.fromWire(job.provider()).orElseThrow();
    }
}
