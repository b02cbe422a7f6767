package dev.videojobs.local.stack;

import dev.videojobs.adapter.aws.DynamoTenantRegistry;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.provider.InputDelivery;
import dev.videojobs.core.tenant.TenantRegistry;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.local.sim.ProviderSimulator;
import dev.videojobs.local.sim.SimulatorOptions;
import dev.videojobs.local.stack.aws.AwsClients;
import dev.videojobs.local.stack.aws.AwsEndpoints;
import dev.videojobs.local.stack.aws.CloudFormationTemplate;
import dev.videojobs.local.stack.aws.EmbeddedAws;
import dev.videojobs.local.stack.aws.ProvisionedResources;
import dev.videojobs.local.stack.aws.TemplateProvisioner;
import dev.videojobs.local.stack.runtime.LocalLambdaRuntime;
import dev.videojobs.local.stack.runtime.RuntimeOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole system on one machine: real emulators of DynamoDB, SQS and S3 with the tables, queues and bucket of
 * template.yaml, the provider simulator, and the template's functions run in-process behind an HTTP front door,
 * with the environment variables the template gives them plus the local endpoints.
 */
public final class LocalStack implements AutoCloseable {

    public static final String MEDIA_BUCKET = "MediaBucket";
    /** Where template.yaml is looked for, in order: the repository root, seen from itself or from a module below it. */
    public static final List<Path> TEMPLATE_CANDIDATES = List.of(Path.of("template.yaml"), Path.of("..", "template.yaml"),
            Path.of("..", "..", "template.yaml"));

    /**
     * How to run: front door port (0 = any), API keys (key -> tenant id; both registered in the tenant registry at
     * start), how much to shrink waits, the simulator, the AWS to run on ({@code null}: start the embedded
     * emulators; else e.g. LocalStack or an endpoint the tests share), the providers reached for real instead of the
     * simulator, where this machine's API is reachable from them ({@code null}: they cannot call back, and are polled),
     * and where its S3 is ({@code null}: WaveSpeed gets uploads instead of presigned URLs).
     */
    public record Options(int port, Map<String, String> apiKeys, double timeScale, Duration scheduleInterval,
            SimulatorOptions simulator, AwsEndpoints aws, Map<ProviderName, RealProvider> realProviders, URI publicUrl,
            URI publicS3Url) {

        public static Options defaults() {
            return new Options(0, Map.of(Tenants.DEFAULT_KEY, Tenants.tenantOf(Tenants.DEFAULT_KEY)), 0.05, Duration.ofSeconds(2),
                    SimulatorOptions.defaults(), null, Map.of(), null, null);
        }

        public Options withPort(int value) {
            return new Options(value, apiKeys, timeScale, scheduleInterval, simulator, aws, realProviders, publicUrl, publicS3Url);
        }

        public Options withApiKeys(Map<String, String> value) {
            return new Options(port, value, timeScale, scheduleInterval, simulator, aws, realProviders, publicUrl, publicS3Url);
        }

        public Options withTimeScale(double value) {
            return new Options(port, apiKeys, value, scheduleInterval, simulator, aws, realProviders, publicUrl, publicS3Url);
        }

        public Options withSimulator(SimulatorOptions value) {
            return new Options(port, apiKeys, timeScale, scheduleInterval, value, aws, realProviders, publicUrl, publicS3Url);
        }

        public Options withScheduleInterval(Duration value) {
            return new Options(port, apiKeys, timeScale, value, simulator, aws, realProviders, publicUrl, publicS3Url);
        }

        public Options withAws(AwsEndpoints value) {
            return new Options(port, apiKeys, timeScale, scheduleInterval, simulator, value, realProviders, publicUrl, publicS3Url);
        }

        public Options withRealProviders(Map<ProviderName, RealProvider> value) {
            return new Options(port, apiKeys, timeScale, scheduleInterval, simulator, aws, Map.copyOf(value), publicUrl, publicS3Url);
        }

        public Options withPublicUrl(URI value) {
            return new Options(port, apiKeys, timeScale, scheduleInterval, simulator, aws, realProviders, value, publicS3Url);
        }

        public Options withPublicS3Url(URI value) {
            return new Options(port, apiKeys, timeScale, scheduleInterval, simulator, aws, realProviders, publicUrl, value);
        }
    }

    /**
     * A provider reached at {@code baseUrl} instead of the simulator, with its credentials (environment variable name ->
     * value, see {@link #credentialNames}). It cannot read the embedded S3 on 127.0.0.1, so it gets the input images in
     * the form it documents ({@link #inputDelivery}); its waits keep AWS's timings.
     */
    public record RealProvider(URI baseUrl, Map<String, String> credentials) {

        /** The variables a provider's credentials come from. */
        public static List<String> credentialNames(ProviderName provider) {
            return switch (provider) {
                case WAVESPEED -> List.of("WAVESPEED_API_KEY", "WAVESPEED_WEBHOOK_SECRET");
                case KLING -> List.of("KLING_ACCESS_KEY", "KLING_SECRET_KEY");
            };
        }

        /**
         * Kling documents raw base64 images; WaveSpeed an upload endpoint whose download URL the submit names, unless it
         * can reach this machine's S3 at {@code publicS3Url}.
         */
        public static InputDelivery inputDelivery(ProviderName provider, URI publicS3Url) {
            return switch (provider) {
                case WAVESPEED -> publicS3Url != null ? InputDelivery.PRESIGNED_URL : InputDelivery.PROVIDER_UPLOAD;
                case KLING -> InputDelivery.INLINE_BASE64;
            };
        }
    }

    private final AwsEndpoints aws;
    private final EmbeddedAws ownAws;
    private final ProviderSimulator simulator;
    private final ProvisionedResources resources;
    private final LocalLambdaRuntime runtime;
    private final Map<String, String> environment;
    private final Options options;
    private final CollectedMetrics metrics;

    private LocalStack(AwsEndpoints aws, EmbeddedAws ownAws, ProviderSimulator simulator, ProvisionedResources resources,
            LocalLambdaRuntime runtime, Map<String, String> environment, Options options) {
        this.aws = aws;
        this.ownAws = ownAws;
        this.simulator = simulator;
        this.resources = resources;
        this.runtime = runtime;
        this.environment = environment;
        this.options = options;
        this.metrics = CollectedMetrics.open(environment.get("STACK_NAME"));
    }

    public static LocalStack start(Options options) {
        try {
            CompletableFuture<EmbeddedAws> embedded = options.aws() != null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.supplyAsync(EmbeddedAws::start);
            CompletableFuture<ProviderSimulator> simulator = CompletableFuture.supplyAsync(() -> ProviderSimulator.start(options.simulator()));
            AwsEndpoints aws = options.aws() != null ? options.aws() : embedded.join();
            CloudFormationTemplate template = template();
            ProvisionedResources resources = TemplateProvisioner.provision(template, aws);
            registerTenants(aws, resources.tableName("JobsTable"), options.apiKeys());
            int port = options.port() != 0 ? options.port() : freePort();
            Map<String, String> environment = environment(aws, simulator.join(), port, options);
            LocalLambdaRuntime runtime = LocalLambdaRuntime.start(template, resources, environment,
                    new RuntimeOptions(port, apiKeyIds(options.apiKeys()), options.scheduleInterval(), 1));
            return new LocalStack(aws, embedded.join(), simulator.join(), resources, runtime, environment, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What an operator does on AWS before a key works: each tenant registered, each key's id mapped to its tenant. */
    private static void registerTenants(AwsEndpoints aws, String table, Map<String, String> apiKeys) {
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(aws)) {
            TenantRegistry registry = new DynamoTenantRegistry(dynamo, table, Clock.systemUTC());
            apiKeys.forEach((key, tenant) -> {
                registry.registerTenant(tenant);
                registry.addKey(tenant, Tenants.keyIdOf(key));
            });
        }
    }

    /** The front door's view of the keys, API Gateway's: key value to key id. */
    private static Map<String, String> apiKeyIds(Map<String, String> apiKeys) {
        Map<String, String> ids = new LinkedHashMap<>();
        apiKeys.keySet().forEach(key -> ids.put(key, Tenants.keyIdOf(key)));
        return ids;
    }

    /** What the functions get on top of the template's variables: where the emulators and the simulator are. */
    static Map<String, String> environment(AwsEndpoints aws, ProviderSimulator simulator, int port, Options options) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", aws.dynamoDbEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_SQS", aws.sqsEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_S3", aws.s3Endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", aws.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", aws.secretAccessKey());
        env.put("AWS_REGION", aws.region());
        env.put("PROVIDER_SECRET_ARN", "");
        Map<String, String> simulated = Map.of("WAVESPEED_API_KEY", simulator.options().waveSpeedApiKey(),
                "WAVESPEED_WEBHOOK_SECRET", simulator.options().waveSpeedWebhookSecret(),
                "KLING_ACCESS_KEY", simulator.options().klingAccessKey(), "KLING_SECRET_KEY", simulator.options().klingSecretKey());
        if (options.publicS3Url() != null) {
            env.put("INPUT_URL_S3_ENDPOINT", options.publicS3Url().toString());
        }
        // no common callback base here (the template's is the AWS API's): each provider gets its own, or none
        env.put("CALLBACK_BASE_URL", "");
        for (ProviderName provider : ProviderName.values()) {
            RealProvider real = options.realProviders().get(provider);
            if (real == null) {
                env.put(provider.name() + "_BASE_URL", simulator.baseUri().toString());
                RealProvider.credentialNames(provider).forEach(name -> env.put(name, simulated.get(name)));
                env.put("CALLBACK_BASE_URL_" + provider.name(), "http://127.0.0.1:" + port);
            } else {
                env.put(provider.name() + "_BASE_URL", real.baseUrl().toString());
                env.putAll(real.credentials());
                env.put("INPUT_DELIVERY_" + provider.name(), RealProvider.inputDelivery(provider, options.publicS3Url()).wire());
                env.put("TIME_SCALE_" + provider.name(), "1");
                // a real provider cannot reach 127.0.0.1: without a public URL it gets no callback URL and is polled
                if (options.publicUrl() != null) {
                    env.put("CALLBACK_BASE_URL_" + provider.name(), options.publicUrl().toString());
                }
            }
        }
        // the simulator and the developer's own webhook receivers live on loopback, and so do the emulators and the
        // front door: a client's URL must not drive those (an image URL could create a queue), so their ports are refused
        env.put(AddressPolicy.ALLOW_LOOPBACK_URLS, "true");
        env.put(AddressPolicy.DENIED_LOOPBACK_PORTS, Stream.of(aws.dynamoDbEndpoint(), aws.sqsEndpoint(), aws.s3Endpoint())
                .map(LocalStack::port).distinct().map(String::valueOf).collect(Collectors.joining(",")) + "," + port);
        env.put("TIME_SCALE", Double.toString(options.timeScale()));
        // the metrics' Stack dimension: each stack in a JVM collects its own functions' metrics
        env.put("STACK_NAME", "video-jobs-local-" + port);
        return env;
    }

    /**
     * template.yaml from the working directory when run from the repo (its root, or a module directory one or two
     * levels below it, as under Maven), else the copy packaged in the jar.
     */
    static CloudFormationTemplate template() throws IOException {
        for (Path candidate : TEMPLATE_CANDIDATES) {
            if (Files.isRegularFile(candidate)) {
                return CloudFormationTemplate.load(candidate);
            }
        }
        try (InputStream packaged = LocalStack.class.getResourceAsStream("/template.yaml")) {
            if (packaged == null) {
                throw new IOException("template.yaml not found in the working directory or the jar");
            }
            return CloudFormationTemplate.parse(new String(packaged.readAllBytes(), StandardCharsets.UTF_8), "classpath:template.yaml");
        }
    }

    private static int port(URI endpoint) {
        return endpoint.getPort() > 0 ? endpoint.getPort() : endpoint.getScheme().equals("https") ? 443 : 80;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public URI apiUrl() {
        return runtime.apiUrl();
    }

    public ProviderSimulator simulator() {
        return simulator;
    }

    public AwsEndpoints aws() {
        return aws;
    }

    public ProvisionedResources resources() {
        return resources;
    }

    public LocalLambdaRuntime runtime() {
        return runtime;
    }

    public String bucket() {
        return resources.bucketName(MEDIA_BUCKET);
    }

    public Map<String, String> apiKeys() {
        return options.apiKeys();
    }

    /** The functions' environment (template variables excluded): for tools that build the same clients. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The metrics the functions have emitted, as CloudWatch would aggregate them. */
    public CollectedMetrics metrics() {
        return metrics;
    }

    /** The facts `serve` prints and writes with --info-file. */
    public Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("api_url", apiUrl().toString());
        info.put("api_keys", options.apiKeys().entrySet().stream()
                .map(e -> Map.of("key", e.getKey(), "api_key_id", Tenants.keyIdOf(e.getKey()), "tenant", e.getValue())).toList());
        info.put("s3_endpoint", aws.s3Endpoint().toString());
        info.put("bucket", bucket());
        info.put("aws_access_key_id", aws.accessKeyId());
        info.put("aws_secret_access_key", aws.secretAccessKey());
        info.put("region", aws.region());
        info.put("simulator_url", simulator.baseUri().toString());
        return info;
    }

    @Override
    public void close() {
        metrics.close();
        runtime.close();
        simulator.close();
        if (ownAws != null) {
            ownAws.close();
        }
    }
}
