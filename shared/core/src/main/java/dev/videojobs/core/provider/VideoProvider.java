package dev.videojobs.core.provider;

import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.model.ProviderName;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One upstream API. Implementations translate our schema to the provider's wire contract and back. */
public interface VideoProvider {

    ProviderName name();

    /** How this provider gets input images: {@link SubmitRequest#images} carry URLs, or the bytes themselves. */
    InputDelivery inputDelivery();

    /** Sends the job to the provider; returns the provider's task id. */
    String submit(SubmitRequest request) throws ProviderException;

    /** Asks the provider where a task stands. */
    TaskState query(ProductModel model, String taskId) throws ProviderException;

    /**
     * Settles a submit of this job whose outcome is unknown (sent at or after {@code since}, then no usable answer):
     * did the provider create a task? Only {@link Reconciliation.NotCreated} makes submitting again safe.
     */
    Reconciliation reconcile(String jobId, ProductModel model, Instant since) throws ProviderException;

    /** What {@link #reconcile} found. */
    sealed interface Reconciliation {
        /** The provider has the task: it is followed as if the submit had answered. */
        record Created(String taskId) implements Reconciliation {}

        /** The provider has no task for the job: submitting again cannot pay twice. */
        record NotCreated() implements Reconciliation {}

        /**
         * Tasks that may be this job's, from a provider that cannot say which job a task is for: any that belongs to no
         * other job leaves it unsettled, and {@code whatToCheck} tells the client what to look at before submitting again.
         */
        record Candidates(List<String> taskIds, String whatToCheck) implements Reconciliation {}
    }

    /**
     * What to send: the job id (Kling's external_task_id), model, normalised parameters, and the input image of each
     * slot ({@code image}, {@code images[0]}, {@code dynamic_masks[1].mask}, ...); the callback URL, if any.
     */
    record SubmitRequest(String jobId, ProductModel model, Map<String, Object> params, Map<String, InputImage> images,
            Optional<URI> callbackUrl) {}

    /**
     * One input image as {@link #inputDelivery} wants it: a URL the provider fetches ({@code url}), or the image's bytes
     * ({@code bytes}), exactly one of them.
     */
    record InputImage(URI url, byte[] bytes) {

        public static InputImage at(URI url) {
            return new InputImage(url, null);
        }

        public static InputImage of(byte[] bytes) {
            return new InputImage(null, bytes);
        }
    }
}
