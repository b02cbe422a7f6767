package dev.videojobs.core.notify;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.Job;
import java.time.Instant;

/**
 * What a client reads about its job, in the public API's format: the webhook event's body, and the result file of a
 * request-file job. The core decides when they are written; the API adapter decides what they look like.
 */
public interface ClientDocuments {

    /** The webhook event announcing the job's end ({@code job.<status>}), as sent at {@code at}. */
    String webhookEvent(Job job, Instant at);

    /** {@code results/...} of an accepted request file once its job has ended. */
    byte[] resultFile(Job job, String requestFileKey);

    /** {@code results/...} of a request file that was refused, with the error a client of the API would get. */
    byte[] rejectedRequestFile(String requestFileKey, ClientError error);
}
