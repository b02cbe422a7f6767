package dev.videojobs.shared.service;

import dev.videojobs.shared.api.JobView;
import dev.videojobs.shared.config.Config;
import dev.videojobs.shared.config.ProviderCredentials;
import dev.videojobs.shared.http.AddressPolicy;
import dev.videojobs.shared.http.SafeHttpFetcher;
import dev.videojobs.shared.job.DynamoIdempotencyKeys;
import dev.videojobs.shared.job.DynamoJobStore;
import dev.videojobs.shared.job.IdempotencyKeys;
import dev.videojobs.shared.job.Job;
import dev.videojobs.shared.job.JobStore;
import dev.videojobs.shared.job.JobTransitions;
import dev.videojobs.shared.json.Json;
import dev.videojobs.shared.media.MediaStore;
import dev.videojobs.shared.media.S3MediaStore;
import dev.videojobs.shared.model.ProductModel;
import dev.videojobs.shared.model.ProviderName;
import dev.videojobs.shared.model.RequestValidator;
import dev.videojobs.shared.notify.DynamoWebhookSecrets;
import dev.videojobs.shared.notify.WebhookSecrets;
import dev.videojobs.shared.provider.InputDelivery;
import dev.videojobs.shared.provider.KlingProvider;
import dev.videojobs.shared.provider.ProviderHttp;
import dev.videojobs.shared.provider.VideoProvider;
import dev.videojobs.shared.provider.WaveSpeedProvider;
import dev.videojobs.shared.queue.SqsWorkQueue;
import dev.videojobs.shared.queue.WorkQueue;
import dev.videojobs.shared.schedule.Schedules;
import dev.videojobs.shared.tenant.CachedTenantRegistry;
import dev.videojobs.shared.tenant.DynamoTenantRegistry;
import dev.videojobs.shared.tenant.TenantRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
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
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The composition root of a function container: every client and service built once, on first use, from the
 * function's environment. A handler asks for what it needs in its constructor, so that work happens during init
 * (and lands in the SnapStart snapshot), never per request.
 */
public final class Components {

    private final Config config;
    private final Clock clock = Clock.systemUTC();
    private final SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(3)).socketTimeout(Duration.ofSeconds(30)).build();
    private final Supplier<AwsCredentialsProvider> credentials = once(this::credentialsProvider);
    private final Supplier<DynamoDbClient> dynamo = once(() -> configure(DynamoDbClient.builder(), "DYNAMODB").httpClient(http).build());
    private final Supplier<SqsClient> sqs = once(() -> configure(SqsClient.builder(), "SQS").httpClient(http).build());
    private final Supplier<S3Client> s3 = once(() -> configure(S3Client.builder(), "S3").httpClient(http)
            .serviceConfiguration(s3Configuration()).build());
    private final Supplier<S3Presigner> presigner = once(() -> buildPresigner(config().endpoint("S3")));
    private final Supplier<JobStore> jobStore = once(() -> new DynamoJobStore(dynamo.get(), table()));
    private final Supplier<TenantRegistry> tenantRegistry = once(() -> new CachedTenantRegistry(
            new DynamoTenantRegistry(dynamo.get(), table(), clock), clock, CachedTenantRegistry.TTL));
    private final Supplier<MediaStore> media = once(() -> new S3MediaStore(s3.get(), presigner.get(), bucket()));
    // the workflow presigns only input images, for the providers: on a laptop they may need another address of our S3
    private final Supplier<MediaStore> workflowMedia = once(() -> config().optional("INPUT_URL_S3_ENDPOINT").map(URI::create)
            .<MediaStore>map(endpoint -> new S3MediaStore(s3.get(), buildPresigner(Optional.of(endpoint)), bucket())).orElseGet(media));
    private final Supplier<WorkQueue> queue = once(() -> new SqsWorkQueue(sqs.get(), config().required("POLL_QUEUE_URL"),
            config().required("FETCH_QUEUE_URL"), config().required("NOTIFY_QUEUE_URL")));
    private final Supplier<ProviderCredentials> providerCredentials = once(() -> ProviderCredentials.load(config(), this::readSecret));
    private final Supplier<Map<ProviderName, VideoProvider>> providers = once(this::buildProviders);
    private final Supplier<JobWorkflow> workflow = once(() -> new JobWorkflow(jobStore.get(), transitions(), queue.get(), workflowMedia.get(),
            this::provider, schedules(), callbackBaseUrls()));

    public Components(Config config) {
        this.config = config;
    }

    /**
     * Registers SnapStart priming for this container: a read of a job that does not exist (a real DynamoDB round
     * trip, signing and JSON parsing included) and a job JSON written and read back.
     */
    public Components primedForSnapStart() {
        SnapStartPriming.register(() -> {
            jobStore.get().get("snapstart-priming");
            Job.parse(Json.write(Json.object().put("id", "p")));
        });
        return this;
    }

    public Config config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public String table() {
        return config.required("JOBS_TABLE");
    }

    public String bucket() {
        return config.required("MEDIA_BUCKET");
    }

    public JobStore jobStore() {
        return jobStore.get();
    }

    /** One per container, so its cache serves every request the container handles. */
    public TenantRegistry tenantRegistry() {
        return tenantRegistry.get();
    }

    public JobTransitions transitions() {
        return new JobTransitions(jobStore.get(), clock);
    }

    public MediaStore media() {
        return media.get();
    }

    public WorkQueue queue() {
        return queue.get();
    }

    /** {@code TIME_SCALE}, and per provider {@code TIME_SCALE_<PROVIDER>} (e.g. {@code TIME_SCALE_KLING}) where set. */
    public Schedules schedules() {
        Map<ProviderName, Double> providerScales = new EnumMap<>(ProviderName.class);
        for (ProviderName name : ProviderName.values()) {
            config.optional("TIME_SCALE_" + name.name()).ifPresent(scale -> providerScales.put(name, Double.parseDouble(scale)));
        }
        return new Schedules(config.getDouble("TIME_SCALE", 1.0), providerScales);
    }

    public JobWorkflow workflow() {
        return workflow.get();
    }

    public JobView jobView() {
        return new JobView(media.get());
    }

    public WebhookSecrets webhookSecrets() {
        return new DynamoWebhookSecrets(dynamo.get(), table());
    }

    public IdempotencyKeys idempotencyKeys() {
        return new DynamoIdempotencyKeys(dynamo.get(), table(), clock, Duration.ofHours(25));
    }

    /**
     * Which addresses user-supplied URLs may reach: never private or metadata addresses; loopback only on the local
     * stack (its simulator), and there never the stack's own emulator and API ports.
     */
    public AddressPolicy addressPolicy() {
        return AddressPolicy.from(config);
    }

    public SafeHttpFetcher safeFetcher() {
        return new SafeHttpFetcher(addressPolicy());
    }

    public ProviderCredentials providerCredentials() {
        return providerCredentials.get();
    }

    public VideoProvider provider(ProviderName name) {
        VideoProvider provider = providers.get().get(name);
        if (provider == null) {
            throw new IllegalStateException(name.wire() + " is not configured (credentials missing)");
        }
        return provider;
    }

    public SubmitService submitService() {
        Map<ProductModel, ProviderName> defaults = new EnumMap<>(ProductModel.class);
        ProviderName preferred = ProviderName.fromWire(config.get("DEFAULT_PROVIDER", "wavespeed")).orElse(ProviderName.WAVESPEED);
        for (ProductModel model : ProductModel.values()) {
            defaults.put(model, ProviderName.fromWire(config.get("DEFAULT_PROVIDER_" + model.name(), "")).orElse(preferred));
        }
        long deadline = config.getLong("JOB_DEADLINE_MINUTES", 60) * 60;
        RequestValidator validator = new RequestValidator(defaults, deadline, 24 * 3600, addressPolicy());
        return new SubmitService(validator, new ImageResolver(safeFetcher(), media.get(), bucket()), media.get(), jobStore.get(),
                idempotencyKeys(), queue.get(), clock);
    }

    /**
     * Where each provider calls back: {@code CALLBACK_BASE_URL_<PROVIDER>}, else {@code CALLBACK_BASE_URL}; a provider
     * with neither is polled only (the local stack's real provider, which cannot reach a laptop).
     */
    private Map<ProviderName, URI> callbackBaseUrls() {
        Map<ProviderName, URI> urls = new EnumMap<>(ProviderName.class);
        for (ProviderName name : ProviderName.values()) {
            config.optional("CALLBACK_BASE_URL_" + name.name()).or(() -> config.optional("CALLBACK_BASE_URL"))
                    .ifPresent(url -> urls.put(name, URI.create(url)));
        }
        return urls;
    }

    private Map<ProviderName, VideoProvider> buildProviders() {
        ProviderCredentials keys = providerCredentials.get();
        ProviderHttp providerHttp = new ProviderHttp(Duration.ofSeconds(5), Duration.ofSeconds(20));
        Map<ProviderName, VideoProvider> built = new EnumMap<>(ProviderName.class);
        if (keys.waveSpeedApiKey() != null) {
            built.put(ProviderName.WAVESPEED, new WaveSpeedProvider(URI.create(config.get("WAVESPEED_BASE_URL", "https://api.wavespeed.ai")),
                    keys.waveSpeedApiKey(), providerHttp, clock, InputDelivery.of(config, ProviderName.WAVESPEED)));
        }
        if (keys.klingAccessKey() != null && keys.klingSecretKey() != null) {
            built.put(ProviderName.KLING, new KlingProvider(URI.create(config.get("KLING_BASE_URL", "https://api-singapore.klingai.com")),
                    keys.klingAccessKey(), keys.klingSecretKey(), providerHttp, clock, InputDelivery.of(config, ProviderName.KLING)));
        }
        return built;
    }

    private String readSecret(String arn) {
        try (SecretsManagerClient secrets = configure(SecretsManagerClient.builder(), "SECRETS_MANAGER").httpClient(http).build()) {
            return secrets.getSecretValue(get -> get.secretId(arn)).secretString();
        }
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

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
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
                    .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(token -> AwsSessionCredentials.create(keyId.get(), secret, token))
                    .orElseGet(() -> AwsBasicCredentials.create(keyId.get(), secret)));
        }
        return ContainerCredentialsProvider.builder().build();
    }

    private static <T> Supplier<T> once(Supplier<T> factory) {
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
