package dev.videojobs.local.testing;

import dev.videojobs.local.aws.AwsEndpoints;
import dev.videojobs.local.aws.CloudFormationTemplate;
import dev.videojobs.local.aws.EmbeddedAws;
import dev.videojobs.local.aws.ExternalAwsEndpoints;
import dev.videojobs.local.aws.ProvisionedResources;
import dev.videojobs.local.aws.TemplateProvisioner;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * AWS for integration tests, started once per test JVM by {@link AwsEnvironmentExtension}, with the resources of
 * the project's template.yaml provisioned on it. Where it comes from, in order:
 * <ol>
 *   <li>{@code AWS_ENDPOINT_URL} set: that endpoint (LocalStack, moto server... already running);</li>
 *   <li>a Docker engine available: LocalStack in a container (Testcontainers; image from {@code LOCALSTACK_IMAGE});</li>
 *   <li>otherwise: {@link EmbeddedAws} in this JVM.</li>
 * </ol>
 * {@code VIDEO_JOBS_AWS=embedded|localstack|external} (environment or system property) forces one.
 */
@SuppressWarnings("deprecation") // CloseableResource: still honoured by JUnit 5.13, AutoCloseable is the newer form.
public final class AwsEnvironment implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    public static final String DEFAULT_LOCALSTACK_IMAGE = "localstack/localstack:4.4";

    private final String kind;
    private final AwsEndpoints endpoints;
    private final CloudFormationTemplate template;
    private final ProvisionedResources resources;
    private final AutoCloseable owned;
    private boolean closed;

    private AwsEnvironment(String kind, AwsEndpoints endpoints, AutoCloseable owned) {
        this.kind = kind;
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
            return new AwsEnvironment("external " + url, ExternalAwsEndpoints.fromEnvironment(env), null);
        }
        if (forced.equals("localstack") || forced.isEmpty() && dockerAvailable()) {
            LocalStackContainer container = new LocalStackContainer(
                    DockerImageName.parse(env.getOrDefault("LOCALSTACK_IMAGE", DEFAULT_LOCALSTACK_IMAGE))
                            .asCompatibleSubstituteFor("localstack/localstack"))
                    .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SQS,
                            LocalStackContainer.Service.S3);
            container.start();
            try {
                return new AwsEnvironment("localstack " + container.getDockerImageName(),
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
            return new AwsEnvironment("embedded", aws, aws);
        } catch (RuntimeException e) {
            aws.close();
            throw e;
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
     * working directory upwards (the local module's parent under Maven).
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

    /** "embedded", "localstack &lt;image&gt;" or "external &lt;url&gt;". */
    public String kind() {
        return kind;
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
