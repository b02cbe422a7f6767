package dev.videojobs.core.usecase;

import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.Step;
import dev.videojobs.core.media.MediaKeys;
import dev.videojobs.core.media.MediaStore.StoredObject;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.url.FetchException;
import dev.videojobs.core.url.FetchTarget;
import dev.videojobs.core.url.OpenResponse;
import dev.videojobs.core.url.UnsafeUrlException;
import dev.videojobs.core.url.UrlFetcher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Copies a finished job's outputs from the provider into {@code outputs/{tenant}/{job}/}, streaming (bounded memory,
 * multipart), each verified (length, sha256, content) before the job becomes {@code succeeded}. An object appears at
 * its key only when whole, so a copy killed half-way leaves nothing there and the retry starts clean.
 */
public final class CopyOutputs {

    public static final int MAX_ATTEMPTS = 6;
    private static final long MAX_STAGED_BYTES = 64L << 20;
    private static final Duration COPY_WORK = Duration.ofMinutes(15);

    private final JobSteps steps;
    private final MediaStore media;
    private final UrlFetcher fetcher;

    public CopyOutputs(JobSteps steps, MediaStore media, UrlFetcher fetcher) {
        this.steps = steps;
        this.media = media;
        this.fetcher = fetcher;
    }

    public void copy(String jobId) {
        var claimed = steps.claim(jobId, Step.FETCH, COPY_WORK, Job::hasProviderOutputs).map(JobSteps.Claim::job);
        if (claimed.isEmpty()) {
            return; // done already, cancelled, or another copy is running
        }
        Job job = claimed.get();
        ProductModel model = ProductModel.fromId(job.model()).orElseThrow();
        long started = System.nanoTime();
        List<Job.Output> outputs = new ArrayList<>();
        List<String> sources = job.providerOutputs();
        try {
            for (int index = 0; index < sources.size(); index++) {
                StoredObject stored = copyOne(job, model, index, sources.get(index));
                if (!matches(model, stored.contentType())) {
                    media.delete(stored.key());
                    steps.fail(jobId, "output_invalid", "output " + index + " is " + stored.contentType() + ", not the "
                            + model.output().name().toLowerCase(Locale.ROOT) + " the model makes", false);
                    return;
                }
                outputs.add(new Job.Output(stored.key(), stored.bytes(), stored.sha256(), stored.contentType()));
            }
        } catch (UnsafeUrlException e) {
            steps.fail(jobId, "output_unavailable", "output URL refused: " + e.getMessage(), false);
            return;
        } catch (IOException e) {
            // 404 too: a CDN may not have the file yet; the attempt limit ends it if it never comes
            steps.retry(jobId, Step.FETCH, "output_unavailable", "copying outputs failed: " + e.getMessage(), null, MAX_ATTEMPTS);
            return;
        }
        steps.metrics().outputsCopied(job, outputs.stream().mapToLong(Job.Output::bytes).sum(), Duration.ofNanos(System.nanoTime() - started));
        steps.succeed(jobId, outputs);
        sources.stream().filter(source -> source.startsWith(MediaKeys.STAGED))
                .forEach(source -> media.delete(source.substring(MediaKeys.STAGED.length())));
    }

    private StoredObject copyOne(Job job, ProductModel model, int index, String source) throws IOException, UnsafeUrlException {
        String key = MediaKeys.output(job.tenant(), job.id(), index, extension(model, source));
        if (FetchTarget.isHttpUrl(source)) {
            try (OpenResponse response = fetcher.open(URI.create(source))) {
                return media.copyIn(key, response.body(), response.contentLength());
            }
        }
        // WaveSpeed's enable_base64_output: the content itself (possibly a data: URI), staged in our bucket by the poll
        if (!source.startsWith(MediaKeys.STAGED)) {
            throw new FetchException("output " + index + " is neither a URL nor staged content", FetchException.NO_STATUS, false, null);
        }
        String encoded;
        try {
            encoded = new String(media.read(source.substring(MediaKeys.STAGED.length()), MAX_STAGED_BYTES).orElseThrow(
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
        String path = FetchTarget.isHttpUrl(source) ? URI.create(source).getPath().toLowerCase(Locale.ROOT) : "";
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
