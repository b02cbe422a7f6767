package dev.videojobs.fetch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.media.MediaStore.StoredObject;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.url.FetchException;
import dev.videojobs.core.url.OpenResponse;
import dev.videojobs.core.url.UnsafeUrlException;
import dev.videojobs.core.url.UrlFetcher;
import dev.videojobs.core.usecase.JobWorkflow;
import dev.videojobs.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Copies a finished job's outputs from the provider into {@code outputs/{tenant}/{job}/}, streaming (bounded memory,
 * multipart), each verified (length, sha256, content) before the job becomes {@code succeeded}. An object appears at
 * its key only when whole, so a copy killed half-way leaves nothing there and the retry starts clean.
 */
public final class FetchService {

    public static final int MAX_ATTEMPTS = 6;
    private static final long MAX_STAGED_BYTES = 64L << 20;
    private static final Duration COPY_WORK = Duration.ofMinutes(15);

    private final JobWorkflow workflow;
    private final MediaStore media;
    private final UrlFetcher fetcher;

    public FetchService(JobWorkflow workflow, MediaStore media, UrlFetcher fetcher) {
        this.workflow = workflow;
        this.media = media;
        this.fetcher = fetcher;
    }

    public void fetch(String jobId) {
        var claimed = workflow.claim(jobId, JobWorkflow.FETCH, COPY_WORK, Job::hasProviderOutputs);
        if (claimed.isEmpty()) {
            return; // done already, cancelled, or another copy is running
        }
        Job job = claimed.get();
        ProductModel model = ProductModel.fromId(job.model()).orElseThrow();
        ArrayNode outputs = Json.array();
        List<String> sources = job.providerOutputs();
        try {
            for (int index = 0; index < sources.size(); index++) {
                StoredObject stored = copy(job, model, index, sources.get(index));
                if (!matches(model, stored.contentType())) {
                    media.delete(stored.key());
                    workflow.fail(jobId, "output_invalid", "output " + index + " is " + stored.contentType() + ", not the "
                            + model.output().name().toLowerCase(Locale.ROOT) + " the model makes");
                    return;
                }
                outputs.addObject().put("key", stored.key()).put("bytes", stored.bytes()).put("sha256", stored.sha256())
                        .put("content_type", stored.contentType());
            }
        } catch (UnsafeUrlException e) {
            workflow.fail(jobId, "output_unavailable", "output URL refused: " + e.getMessage());
            return;
        } catch (IOException e) {
            // 404 too: a CDN may not have the file yet; the attempt limit ends it if it never comes
            workflow.retry(jobId, JobWorkflow.FETCH, "output_unavailable", "copying outputs failed: " + e.getMessage(), null, MAX_ATTEMPTS);
            return;
        }
        workflow.complete(jobId, outputs);
        sources.stream().filter(source -> source.startsWith(JobWorkflow.STAGED))
                .forEach(source -> media.delete(source.substring(JobWorkflow.STAGED.length())));
    }

    private StoredObject copy(Job job, ProductModel model, int index, String source) throws IOException, UnsafeUrlException {
        String key = "outputs/" + job.tenant() + "/" + job.id() + "/" + index + "." + extension(model, source);
        if (source.startsWith("https://") || source.startsWith("http://")) {
            try (OpenResponse response = fetcher.open(URI.create(source))) {
                return media.copyIn(key, response.body(), response.contentLength());
            }
        }
        // WaveSpeed's enable_base64_output: the content itself (possibly a data: URI), staged in our bucket by the poll
        if (!source.startsWith(JobWorkflow.STAGED)) {
            throw new FetchException("output " + index + " is neither a URL nor staged content", FetchException.NO_STATUS, false, null);
        }
        String encoded;
        try {
            encoded = new String(media.read(source.substring(JobWorkflow.STAGED.length()), MAX_STAGED_BYTES).orElseThrow(
                    () -> new FetchException("staged output " + index + " is missing", FetchException.NO_STATUS, false, null)), StandardCharsets.US_ASCII);
        } catch (MediaStore.ObjectTooLargeException e) {
            throw new FetchException("staged output " + index + " is too large", FetchException.NO_STATUS, false, e);
        }
        encoded = encoded.startsWith("data:") ? encoded.substring(encoded.indexOf(',') + 1) : encoded;
        try (InputStream decoded = Base64.getMimeDecoder().wrap(new ByteArrayInputStream(encoded.getBytes(StandardCharsets.US_ASCII)))) {
            return media.copyIn(key, decoded, -1);
        }
    }

    private static String extension(ProductModel model, String source) {
        String path = source.startsWith("http") ? URI.create(source).getPath().toLowerCase(Locale.ROOT) : "";
        for (String known : List.of("mp4", "png", "jpg", "jpeg", "webp")) {
            if (path.endsWith("." + known)) {
                return known;
            }
        }
        return model.output() == ProductModel.Output.VIDEO ? "mp4" : "png";
    }

    private static boolean matches(ProductModel model, String contentType) {
        return model.output() == ProductModel.Output.VIDEO ? contentType.equals("video/mp4") : contentType.startsWith("image/");
    }
}
