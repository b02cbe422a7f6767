package dev.videojobs.adapter.aws;

import dev.videojobs.core.config.Config;
import dev.videojobs.core.job.IdempotencyKeys;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.notify.WebhookSecrets;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.tenant.CachedTenantRegistry;
import dev.videojobs.core.tenant.TenantRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS side of a function container: each SDK client built once, on first use, from the function's environment,
 * on one lean HTTP client (the JDK's), and the adapters on top of them. A function's composition root asks only for
 * the adapters it uses, so a client it never needs is never built (and its SDK module need not be in its jar).
 */
public final class AwsAdapters {

    /** How long an Idempotency-Key is remembered: a day, plus an hour for clocks and retries. */
    private static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(25);

    private final Config config;
    private final Clock clock;
    final SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(3)).socketTimeout(Duration.ofSeconds(30)).build();
    private final Supplier<AwsCredentialsProvider> credentials = once(this::credentialsProvider);
    private final Supplier<DynamoDbClient> dynamo = once(() -> configure(DynamoDbClient.builder(), "DYNAMODB").httpClient(http).build());
    private final Supplier<SqsClient> sqs = once(() -> configure(SqsClient.builder(), "SQS").httpClient(http).build());
    private final Supplier<S3Client> s3 = once(() -> configure(S3Client.builder(), "S3").httpClient(http)
            .serviceConfiguration(s3Configuration()).build());
    private final Supplier<S3Presigner> presigner = once(() -> buildPresigner(config().endpoint("S3")));
    private final Supplier<JobStore> jobStore = once(() -> new DynamoJobStore(dynamo.get(), table(),
            Duration.ofDays(config().getLong("RETENTION_DAYS", DynamoJobStore.DEFAULT_RETENTION.toDays()))));
    private final Supplier<TenantRegistry> tenantRegistry = once(() -> new CachedTenantRegistry(
            new DynamoTenantRegistry(dynamo.get(), table(), clock()), clock(), CachedTenantRegistry.TTL));
    private final Supplier<MediaStore> media = once(() -> new S3MediaStore(s3.get(), presigner.get(), bucket()));
    private final Supplier<MediaStore> mediaForProviders = once(() -> config().optional("INPUT_URL_S3_ENDPOINT").map(URI::create)
            .<MediaStore>map(endpoint -> new S3MediaStore(s3.get(), buildPresigner(Optional.of(endpoint)), bucket())).orElseGet(media));
    private final Supplier<WorkQueue> queue = once(() -> new SqsWorkQueue(sqs.get(), config().required("POLL_QUEUE_URL"),
            config().required("FETCH_QUEUE_URL"), config().required("NOTIFY_QUEUE_URL")));

    public AwsAdapters(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * SnapStart priming: a read of a job that does not exist (a real DynamoDB round trip, signing and JSON parsing
     * included), so the snapshot holds warm clients.
     */
    public void prime() {
        jobStore.get().get("snapstart-priming");
    }

    public JobStore jobStore() {
        return jobStore.get();
    }

    /** One per container, so its cache serves every request the container handles. */
    public TenantRegistry tenantRegistry() {
        return tenantRegistry.get();
    }

    public MediaStore media() {
        return media.get();
    }

    /**
     * The media store whose presigned URLs go to providers: on a laptop they may need another address of our S3
     * ({@code INPUT_URL_S3_ENDPOINT}); on AWS it is {@link #media()}.
     */
    public MediaStore mediaForProviders() {
        return mediaForProviders.get();
    }

    public WorkQueue queue() {
        return queue.get();
    }

    public WebhookSecrets webhookSecrets() {
        return new DynamoWebhookSecrets(dynamo.get(), table());
    }

    public IdempotencyKeys idempotencyKeys() {
        return new DynamoIdempotencyKeys(dynamo.get(), table(), clock, IDEMPOTENCY_WINDOW);
    }

    /** A Secrets Manager secret's string, read once (needs the {@code secretsmanager} SDK module in the function's jar). */
    public String readSecret(String arn) {
        return SecretsManagerReader.read(arn, this);
    }

    public String bucket() {
        return config.required("MEDIA_BUCKET");
    }

    private String table() {
        return config.required("JOBS_TABLE");
    }

    // the suppliers above are built before the constructor runs: they read the settings through these
    private Config config() {
        return config;
    }

    private Clock clock() {
        return clock;
    }

    private S3Configuration s3Configuration() {
        // the emulators (S3Proxy, LocalStack) are addressed by path; AWS by virtual host
        return S3Configuration.builder().pathStyleAccessEnabled(config.endpoint("S3").isPresent()).build();
    }

    private S3Presigner buildPresigner(Optional<URI> endpoint) {
        S3Presigner.Builder builder = S3Presigner.builder().region(region()).credentialsProvider(credentials.get())
                .serviceConfiguration(s3Configuration());
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Region, credentials and the endpoint override ({@code <SERVICE>_ENDPOINT_URL} or {@code AWS_ENDPOINT_URL}) of a client. */
    <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(region()).credentialsProvider(credentials.get());
        config.endpoint(service).ifPresent(builder::endpointOverride);
        return builder;
    }

    private Region region() {
        return Region.of(config.get("AWS_REGION", "us-east-1"));
    }

    /** Lambda's environment credentials when present; SnapStart functions get theirs from the container endpoint. */
    private AwsCredentialsProvider credentialsProvider() {
        Optional<String> keyId = config.optional("AWS_ACCESS_KEY_ID");
        if (keyId.isPresent()) {
            String secret = config.required("AWS_SECRET_ACCESS_KEY");
            return StaticCredentialsProvider.create(config.optional("AWS_SESSION_TOKEN")
                    .<AwsCredentials>map(token -> AwsSessionCredentials.create(keyId.get(), secret, token))
                    .orElseGet(() -> AwsBasicCredentials.create(keyId.get(), secret)));
        }
        return ContainerCredentialsProvider.builder().build();
    }

    /** A value built on first use, then shared by every request of the container. */
    public static <T> Supplier<T> once(Supplier<T> factory) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = factory.get();
                }
                return value;
            }
        };
    }
}
