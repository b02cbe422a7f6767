package dev.videojobs.local.stack.runtime;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import dev.videojobs.local.stack.aws.AwsClients;
import dev.videojobs.local.stack.aws.AwsEndpoints;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 event notifications to a function, emulated (S3Proxy sends none): the bucket is listed under the filter's
 * prefix every poll interval, and each new (key, ETag) matching the prefix/suffix rules becomes one S3Event with one
 * record (eventName ObjectCreated:Put, or ObjectCreated:CompleteMultipartUpload for a multipart ETag; the key
 * URL-encoded as S3 encodes it). Objects present at start are not announced. Invocations are asynchronous, as S3's
 * are: a failed one is retried twice (after 1 s and 2 s here, about 1 and 2 minutes on AWS).
 */
final class S3EventSource implements AutoCloseable {

    private static final long[] RETRY_DELAYS_MS = {1000, 2000};

    private final LambdaFunction function;
    private final String configurationId;
    private final String bucket;
    private final String prefix;
    private final String suffix;
    private final List<String> eventPatterns;
    private final String region;
    private final S3Client s3;
    private final ScheduledExecutorService timer;
    private final ExecutorService invoker;
    private final Map<String, String> seen = new HashMap<>();
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() * 1000);
    private volatile long lastErrorLog;
    private volatile boolean running = true;

    S3EventSource(LambdaFunction function, String eventName, String bucket, String prefix, String suffix,
                  List<String> eventPatterns, java.time.Duration pollInterval, AwsEndpoints endpoints) {
        this.function = function;
        this.configurationId = eventName;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.suffix = suffix == null ? "" : suffix;
        this.eventPatterns = List.copyOf(eventPatterns);
        this.region = endpoints.region();
        this.s3 = AwsClients.s3(endpoints, c -> AwsRequestCounter.category(c, AwsRequestCounter.S3_WATCHER));
        String name = function.definition().logicalId();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "s3-watcher-" + name);
            t.setDaemon(true);
            return t;
        });
        AtomicInteger n = new AtomicInteger();
        this.invoker = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "s3-async-invoke-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scan(false);
        long millis = Math.max(10, pollInterval.toMillis());
        timer.scheduleWithFixedDelay(() -> scan(true), millis, millis, TimeUnit.MILLISECONDS);
    }

    String bucket() {
        return bucket;
    }

    /** Lists the bucket; announces new (key, ETag) pairs when {@code announce}. */
    private void scan(boolean announce) {
        try {
            List<S3Object> fresh = new ArrayList<>();
            Set<String> present = new HashSet<>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                if (!o.key().endsWith(suffix)) {
                    continue;
                }
                present.add(o.key());
                String etag = stripQuotes(o.eTag());
                if (!etag.equals(seen.get(o.key()))) {
                    seen.put(o.key(), etag);
                    fresh.add(o);
                }
            }
            seen.keySet().retainAll(present);
            if (announce) {
                fresh.sort(Comparator.comparing(S3Object::lastModified).thenComparing(S3Object::key));
                for (S3Object o : fresh) {
                    String eventName = stripQuotes(o.eTag()).contains("-")
                            ? "ObjectCreated:CompleteMultipartUpload" : "ObjectCreated:Put";
                    if (matches(eventName)) {
                        S3Event event = event(o, eventName);
                        invoker.submit(() -> invokeWithRetries(event, 0));
                    }
                }
            }
        } catch (NoSuchBucketException e) {
            logError("bucket " + bucket + " does not exist");
        } catch (RuntimeException e) {
            if (running) {
                logError("listing " + bucket + " failed: " + e);
            }
        }
    }

    private void invokeWithRetries(S3Event event, int attempt) {
        try {
            function.invoke(event);
        } catch (LambdaFunction.FunctionError e) {
            if (attempt < RETRY_DELAYS_MS.length && running) {
                timer.schedule(() -> invoker.submit(() -> invokeWithRetries(event, attempt + 1)),
                        RETRY_DELAYS_MS[attempt], TimeUnit.MILLISECONDS);
            } else {
                System.err.println("[s3-event-source " + function.definition().logicalId() + "] giving up on "
                        + event.getRecords().get(0).getS3().getObject().getKey() + " after " + (attempt + 1)
                        + " attempts");
            }
        }
    }

    private boolean matches(String eventName) {
        String full = "s3:" + eventName;
        for (String p : eventPatterns) {
            if (p.equals(full) || p.endsWith(":*") && full.startsWith(p.substring(0, p.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    private S3Event event(S3Object o, String eventName) {
        S3EventNotification.UserIdentityEntity owner = new S3EventNotification.UserIdentityEntity("LOCAL");
        S3EventNotification.S3BucketEntity bucketEntity =
                new S3EventNotification.S3BucketEntity(bucket, owner, "arn:aws:s3:::" + bucket);
        S3EventNotification.S3ObjectEntity object = new S3EventNotification.S3ObjectEntity(encodeKey(o.key()),
                o.size(), stripQuotes(o.eTag()), null, Long.toHexString(sequencer.incrementAndGet()).toUpperCase());
        S3EventNotification.S3Entity entity = new S3EventNotification.S3Entity(configurationId, bucketEntity, object, "1.0");
        Instant time = o.lastModified() == null ? Instant.now() : o.lastModified();
        String requestId = Long.toHexString(sequencer.get()).toUpperCase();
        S3EventNotification.S3EventNotificationRecord record = new S3EventNotification.S3EventNotificationRecord(
                region, eventName, "aws:s3", time.toString(), "2.1",
                new S3EventNotification.RequestParametersEntity("127.0.0.1"),
                new S3EventNotification.ResponseElementsEntity("local/" + requestId, requestId),
                entity, new S3EventNotification.UserIdentityEntity("AWS:LOCAL"));
        return new S3Event(List.of(record));
    }

    /** As S3 writes keys in notifications: form-URL-encoded (space as '+'), slashes kept. */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String stripQuotes(String etag) {
        if (etag == null) {
            return "";
        }
        return etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2
                ? etag.substring(1, etag.length() - 1) : etag;
    }

    private void logError(String message) {
        long now = System.currentTimeMillis();
        if (now - lastErrorLog > 10_000) {
            lastErrorLog = now;
            System.err.println("[s3-event-source " + function.definition().logicalId() + "] " + message);
        }
    }

    @Override
    public void close() {
        running = false;
        timer.shutdownNow();
        invoker.shutdownNow();
        s3.close();
    }
}
