package dev.videojobs.local.stack.testing;

import dev.videojobs.local.stack.aws.AwsEndpoints;
import dev.videojobs.local.stack.aws.CloudFormationTemplate;
import dev.videojobs.local.stack.aws.EmbeddedAws;
import dev.videojobs.local.stack.aws.ExternalAwsEndpoints;
import dev.videojobs.local.stack.aws.ProvisionedResources;
import dev.videojobs.local.stack.aws.TemplateProvisioner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * AWS for integration tests, started once per test JVM by {@link AwsEnvironmentExtension}, with the resources of
 * the project's template.yaml provisioned on it. Where it comes from, in order:
 * <ol>
 *   <li>{@code AWS_ENDPOINT_URL} set: that endpoint (LocalStack, moto server... already running; moto is recognised,
 *   see {@link #isMoto()});</li>
 *   <li>a Docker engine available: LocalStack in a container (Testcontainers; image from {@code LOCALSTACK_IMAGE});</li>
 *   <li>otherwise: {@link EmbeddedAws} in this JVM.</li>
 * </ol>
 * {@code VIDEO_JOBS_AWS=embedded|localstack|external} (environment or system property) forces one.
 */
@SuppressWarnings("deprecation") // CloseableResource: still honoured by JUnit 5.13, AutoCloseable is the newer form.
public final class AwsEnvironment implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    public static final String DEFAULT_LOCALSTACK_IMAGE = "localstack/localstack:4.4";

    private final String kind;
    private final boolean moto;
    private final AwsEndpoints endpoints;
    private final CloudFormationTemplate template;
    private final ProvisionedResources resources;
    private final AutoCloseable owned;
    private boolean closed;

    private AwsEnvironment(String kind, boolean moto, AwsEndpoints endpoints, AutoCloseable owned) {
        this.kind = kind;
        this.moto = moto;
        this.endpoints = endpoints;
        this.owned = owned;
        this.template = CloudFormationTemplate.load(templatePath());
        this.resources = TemplateProvisioner.provision(template, endpoints);
    }

    /** Starts (or connects to) AWS as described above and provisions template.yaml. */
    public static AwsEnvironment create() {
        Map<String, String> env = System.getenv();
        String forced = System.getProperty("VIDEO_JOBS_AWS", env.getOrDefault("VIDEO_JOBS_AWS", ""))
                .trim().toLowerCase(Locale.ROOT);
        String url = env.get("AWS_ENDPOINT_URL");
        if (forced.equals("external") || forced.isEmpty() && url != null && !url.isBlank()) {
            boolean moto = answersAsMoto(url);
            return new AwsEnvironment((moto ? "moto " : "external ") + url, moto, ExternalAwsEndpoints.fromEnvironment(env),
                    null);
        }
        if (forced.equals("localstack") || forced.isEmpty() && dockerAvailable()) {
            LocalStackContainer container = new LocalStackContainer(
                    DockerImageName.parse(env.getOrDefault("LOCALSTACK_IMAGE", DEFAULT_LOCALSTACK_IMAGE))
                            .asCompatibleSubstituteFor("localstack/localstack"))
                    .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SQS,
                            LocalStackContainer.Service.S3);
            container.start();
            try {
                return new AwsEnvironment("localstack " + container.getDockerImageName(), false,
                        new ExternalAwsEndpoints(container.getEndpoint(), container.getRegion(),
                                container.getAccessKey(), container.getSecretKey()),
                        container::stop);
            } catch (RuntimeException e) {
                container.stop();
                throw e;
            }
        }
        EmbeddedAws aws = EmbeddedAws.start();
        try {
            return new AwsEnvironment("embedded", false, aws, aws);
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    /** moto's server serves its dashboard at /moto-api/; LocalStack and AWS answer that path with an S3 error. */
    private static boolean answersAsMoto(String endpoint) {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(URI.create(endpoint.replaceAll("/+$", "") + "/moto-api/"))
                            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("<title>Moto</title>");
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean dockerAvailable() {
        // Testcontainers logs an ERROR while it looks for Docker; not finding one is an expected outcome here.
        for (String logger : new String[] {"org.testcontainers", "com.github.dockerjava", "tc"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "off");
            }
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * The project's template.yaml: {@code -Dvideojobs.template=...}, else the first template.yaml found from the
     * working directory upwards (the repository root, when Maven runs the tests in a module directory).
     */
    public static Path templatePath() {
        String configured = System.getProperty("videojobs.template");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir.resolve("template.yaml");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("No template.yaml above " + Path.of("").toAbsolutePath());
    }

    /** "embedded", "localstack &lt;image&gt;", "moto &lt;url&gt;" or "external &lt;url&gt;". */
    public String kind() {
        return kind;
    }

    /**
     * True on moto's server ({@code moto_server}), for tests of behaviour moto does not implement: they skip there
     * with {@code Assumptions.assumeFalse(env.isMoto(), "moto does not ...")}.
     */
    public boolean isMoto() {
        return moto;
    }

    public AwsEndpoints endpoints() {
        return endpoints;
    }

    /** template.yaml, as provisioned. */
    public CloudFormationTemplate template() {
        return template;
    }

    /** template.yaml's tables, queues and bucket on these endpoints. */
    public ProvisionedResources resources() {
        return resources;
    }

    /** Provisions another template on the same endpoints (give it its own stack name to keep names apart). */
    public ProvisionedResources provision(CloudFormationTemplate other) {
        return TemplateProvisioner.provision(other, endpoints);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                System.err.println("[AwsEnvironment] close failed: " + e);
            }
        }
    }

    @Override
    public String toString() {
        return "AwsEnvironment[" + kind + "]";
    }
}
