package dev.videojobs.local.e2e;

import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.Tenants;
import dev.videojobs.local.stack.testing.AwsEnvironmentExtension;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Starts the whole local stack once per test JVM (shared by every end-to-end class), on the same AWS environment as
 * the adapter integration tests, and hands it to tests.
 */
public final class LocalStackExtension implements ParameterResolver {

    public static final String KEY_A = "e2e-tenant-a";
    /** A second key of KEY_A's tenant. */
    public static final String KEY_A_SECOND = "e2e-tenant-a-second";
    public static final String KEY_B = "e2e-tenant-b";
    public static final String KEY_CLEAN = "e2e-tenant-clean";
    public static final String KEY_LIST = "e2e-tenant-list";
    public static final String KEY_CHAOS = "e2e-tenant-chaos";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class || parameter.getParameter().getType() == S3Client.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Started started = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Started.class, key -> new Started(context), Started.class);
        return parameter.getParameter().getType() == LocalStack.class ? started.stack : started.s3;
    }

    private static final class Started implements ExtensionContext.Store.CloseableResource {
        final LocalStack stack;
        final S3Client s3;

        Started(ExtensionContext context) {
            Map<String, String> keys = new LinkedHashMap<>();
            for (String key : new String[] {KEY_A, KEY_B, KEY_CLEAN, KEY_LIST, KEY_CHAOS}) {
                keys.put(key, Tenants.tenantOf(key));
            }
            keys.put(KEY_A_SECOND, Tenants.tenantOf(KEY_A));
            // on the test JVM's one AWS environment: the embedded emulators, LocalStack (Docker) or AWS_ENDPOINT_URL
            stack = LocalStack.start(LocalStack.Options.defaults().withApiKeys(keys).withTimeScale(0.01)
                    .withScheduleInterval(Duration.ofSeconds(1)).withAws(AwsEnvironmentExtension.environment(context).endpoints()));
            Map<String, String> env = stack.environment();
            s3 = S3Client.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_S3"))).region(Region.of(env.get("AWS_REGION")))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"),
                            env.get("AWS_SECRET_ACCESS_KEY"))))
                    .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
        }

        @Override
        public void close() {
            s3.close();
            stack.close();
        }
    }
}
