package dev.videojobs.core.usecase;

import dev.videojobs.core.config.Config;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.job.JobTransitions.Transition;
import dev.videojobs.core.job.Step;
import dev.videojobs.core.media.ImageRules;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.metrics.JobMetrics.Reconciled;
import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.provider.InputDelivery;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.provider.VideoProvider.Reconciliation;
import dev.videojobs.core.provider.VideoProvider;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Submits a queued job to its provider, once: the forward lease makes concurrent copies of this step stand back, and
 * a submit that may have created a task (sent, then no usable answer; or a holder whose lease ran out mid-call) is
 * reconciled with the provider before anything is sent again, so a job is never paid for twice.
 */
public final class ForwardJob {

    private static final Duration FORWARD_WORK = Duration.ofMinutes(2);
    // how long another job's submit may take to record its task (ProviderHttp's timeouts and a margin); real time
    private static final Duration SUBMIT_SETTLING = Duration.ofSeconds(30);
    // beyond the model's run time, how long this job's own callback may take to reach us and be recorded; real time
    private static final Duration CALLBACK_GRACE = Duration.ofMinutes(1);
    private static final Duration INPUT_URL_TTL = Duration.ofHours(2);

    private final JobStore jobs;
    private final JobSteps steps;
    private final MediaStore media;
    private final Function<ProviderName, VideoProvider> providers;
    private final Map<ProviderName, URI> callbackBaseUrls;

    /** @param callbackBaseUrls where each provider calls back (our API); a provider missing here is followed by polling alone */
    public ForwardJob(JobStore jobs, JobSteps steps, MediaStore media, Function<ProviderName, VideoProvider> providers,
            Map<ProviderName, URI> callbackBaseUrls) {
        this.jobs = jobs;
        this.steps = steps;
        this.media = media;
        this.providers = providers;
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

    public void forward(String jobId) {
        Optional<JobSteps.Claim> claimed = steps.claim(jobId, Step.FORWARD, FORWARD_WORK, job -> job.status() == JobStatus.QUEUED);
        if (claimed.isEmpty()) {
            return;
        }
        Job job = claimed.get().job();
        ProductModel model = ProductModel.fromId(job.model()).orElseThrow();
        VideoProvider provider = providers.apply(JobSteps.provider(job));
        Optional<Instant> inDoubtSince = job.submitInDoubtSince().or(() -> claimed.get().abandonedSince());
        if (inDoubtSince.isPresent() && reconciled(job, model, provider, claimed.get().at(), inDoubtSince.get())) {
            return;
        }
        try {
            String taskId = provider.submit(new VideoProvider.SubmitRequest(job.id(), model, job.spec().params(), inputImages(job, provider),
                    callbackUrl(job)));
            submitted(jobId, model, taskId, job.spec().durationSeconds());
        } catch (ProviderException e) {
            afterFailedForward(jobId, e, e.kind() == ProviderException.Kind.OUTCOME_UNKNOWN ? Optional.of(claimed.get().at()) : Optional.empty());
        }
    }

    /**
     * Settles a submit in doubt before anything is sent again. True when this forward is done: the task was found
     * (the job is submitted), the job waits or fails because candidates cannot be told apart, or asking failed.
     */
    private boolean reconciled(Job job, ProductModel model, VideoProvider provider, Instant claimedAt, Instant inDoubtSince) {
        try {
            Reconciliation found = job.earlyCallbackTask().isPresent()
                    ? new Reconciliation.Created(job.earlyCallbackTask().get())
                    : provider.reconcile(job.id(), model, inDoubtSince);
            if (found instanceof Reconciliation.Created created) {
                steps.metrics().submitReconciled(provider.name(), Reconciled.FOUND);
                submitted(job.id(), model, created.taskId(), job.spec().durationSeconds());
                return true;
            }
            if (found instanceof Reconciliation.Candidates candidates && !unaccounted(candidates, job).isEmpty()) {
                if (claimedAt.isBefore(settlesAt(job, model, inDoubtSince))) {
                    // another job's submit may still be recording its task, or this job's task call back: look again shortly
                    afterFailedForward(job.id(), ProviderException.retryable("submit_settling",
                            "a submit's outcome is being reconciled with the provider"), Optional.of(inDoubtSince));
                } else {
                    steps.metrics().submitReconciled(provider.name(), Reconciled.UNKNOWN);
                    steps.fail(job.id(), "submit_unknown", candidates.whatToCheck() + " Candidates: "
                            + String.join(", ", unaccounted(candidates, job)) + ".", false);
                }
                return true;
            }
            steps.metrics().submitReconciled(provider.name(), Reconciled.NOT_CREATED);
            return false;
        } catch (ProviderException e) {
            afterFailedForward(job.id(), e, Optional.of(inDoubtSince));
            return true;
        }
    }

    /**
     * When a submit in doubt that the provider cannot identify (WaveSpeed) is settled as unknown. Until then the job looks
     * again: other jobs' submits may still record their tasks, and when the provider calls back, this job's own task
     * names itself when it finishes (its callback carries the job's token): so the wait covers the model's run time on the
     * provider's time scale and the time our functions take to record that callback, even under load.
     */
    private Instant settlesAt(Job job, ProductModel model, Instant inDoubtSince) {
        Instant othersRecorded = inDoubtSince.plus(SUBMIT_SETTLING);
        return callbackUrl(job).isEmpty() ? othersRecorded
                : othersRecorded.plus(steps.schedulesOf(job).firstCheck(model.expectedRunTime(job.spec().durationSeconds()))).plus(CALLBACK_GRACE);
    }

    /** The candidate tasks that no other job of ours has recorded as its own. */
    private List<String> unaccounted(Reconciliation.Candidates candidates, Job job) {
        return candidates.taskIds().stream()
                .filter(taskId -> jobs.findByProviderTask(job.provider(), taskId).filter(owner -> !owner.equals(job.id())).isEmpty())
                .toList();
    }

    /** The provider has the task: the job is {@code submitted}, its first check planned near the model's run time. */
    private void submitted(String jobId, ProductModel model, String taskId, int durationSeconds) {
        steps.transitions().apply(jobId, (current, now) -> {
            if (current.status() != JobStatus.QUEUED) {
                // cancelled or expired while we were submitting: the task is kept on the job, so that it is known whose
                // it is (a WaveSpeed reconciliation of another job would otherwise count it as possibly its own)
                return current.providerTaskId().isPresent() ? Optional.empty()
                        : Optional.of(Transition.to(current.providerTask(taskId).touch(now)));
            }
            // the provider may have called back before we knew its task id: then look at once
            Duration firstCheck = current.earlyCallbackTask().filter(taskId::equals).isPresent() ? Duration.ZERO
                    : steps.schedulesOf(current).firstCheck(model.expectedRunTime(durationSeconds));
            current.moveTo(JobStatus.SUBMITTED, now).submitted(taskId, now).releaseLease(Step.FORWARD);
            return Optional.of(JobSteps.scheduleCheck(current, now, firstCheck));
        });
    }

    /**
     * A forward that did not get the job to its provider: retried after a backoff while time can fix it, keeping (or
     * starting) the doubt about a task that may exist, so that the next attempt reconciles first; failed otherwise.
     */
    private void afterFailedForward(String jobId, ProviderException e, Optional<Instant> inDoubtSince) {
        if (e.kind() == ProviderException.Kind.RETRYABLE || e.kind() == ProviderException.Kind.OUTCOME_UNKNOWN) {
            steps.retry(jobId, Step.FORWARD, e.code(), e.getMessage(), e.retryAfter().orElse(null), Integer.MAX_VALUE,
                    job -> job.submitInDoubtSince(inDoubtSince));
        } else {
            steps.fail(jobId, e.code(), e.getMessage(), e.kind() == ProviderException.Kind.ACCOUNT);
        }
    }

    /** Each input in {@code inputs/} as the provider takes it: a presigned GET URL, or its bytes (see InputDelivery). */
    private Map<String, VideoProvider.InputImage> inputImages(Job job, VideoProvider provider) {
        Map<String, VideoProvider.InputImage> images = new LinkedHashMap<>();
        job.spec().inputs().forEach((field, key) -> images.put(field, provider.inputDelivery() == InputDelivery.PRESIGNED_URL
                ? VideoProvider.InputImage.at(media.presignGet(key, INPUT_URL_TTL)) : VideoProvider.InputImage.of(inputBytes(key))));
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
     * but not the URL, so only the token binds a signed callback to this job (see AcceptCallback).
     */
    private Optional<URI> callbackUrl(Job job) {
        ProviderName provider = JobSteps.provider(job);
        return Optional.ofNullable(callbackBaseUrls.get(provider)).map(base -> switch (provider) {
            case WAVESPEED -> URI.create(base + "/v1/callbacks/wavespeed?token=" + job.spec().callbackToken() + "&job=" + job.id());
            case KLING -> URI.create(base + "/v1/callbacks/kling/" + job.spec().callbackToken());
        });
    }
}
