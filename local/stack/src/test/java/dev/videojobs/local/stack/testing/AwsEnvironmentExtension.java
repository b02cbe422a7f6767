package dev.videojobs.local.stack.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link AwsEnvironment} parameter (test methods, lifecycle methods, constructors), the same instance
 * for the whole test JVM: started on first use, kept in the root store, closed when the JVM's tests are done.
 *
 * <pre>
 * &#64;ExtendWith(AwsEnvironmentExtension.class)
 * class JobStoreIT {
 *     &#64;Test
 *     void shouldX_whenY(AwsEnvironment aws) {
 *         String table = aws.resources().tableName("JobsTable");
 *         DynamoDbClient ddb = AwsClients.dynamoDb(aws.endpoints());
 *     }
 * }
 * </pre>
 */
public final class AwsEnvironmentExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(AwsEnvironmentExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AwsEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return environment(context);
    }

    /** The JVM-wide environment, starting it if needed. */
    @SuppressWarnings("deprecation")
    public static AwsEnvironment environment(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(AwsEnvironment.class, k -> {
                    AwsEnvironment aws = AwsEnvironment.create();
                    // says in the build log which AWS implementation this JVM's tests ran on
                    System.out.println("[AwsEnvironment] integration tests on " + aws.kind());
                    return aws;
                }, AwsEnvironment.class);
    }
}
