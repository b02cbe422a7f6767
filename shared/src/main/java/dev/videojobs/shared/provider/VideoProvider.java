package dev.videojobs.shared.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.shared.model.ProductModel;
import dev.videojobs.shared.model.ProviderName;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** One upstream API. Implementations translate our schema to the provider's wire contract and back. */
public interface VideoProvider {

    ProviderName name();

    /** Sends the job to the provider; returns the provider's task id. */
    String submit(SubmitRequest request) throws ProviderException;

    /** Asks the provider where a task stands. */
    TaskState query(ProductModel model, String taskId) throws ProviderException;

    /**
     * What to send: the job id (Kling's external_task_id), model, normalised parameters, and a fetchable URL for each
     * image slot ({@code image}, {@code images[0]}, {@code dynamic_masks[1].mask}, ...); the callback URL, if any.
     */
    record SubmitRequest(String jobId, ProductModel model, ObjectNode params, Map<String, URI> images, Optional<URI> callbackUrl) {}
}
