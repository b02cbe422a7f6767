package dev.videojobs.local.stack.aws;

import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Server;

/**
 * The one place that reaches into DynamoDB Local's private fields by reflection ({@code setAccessible}), because its
 * public API (2.6.x) offers neither of two things {@link EmbeddedAws} needs:
 * <ul>
 *   <li>{@link #jettyOf}: the Jetty {@link Server} inside {@link DynamoDBProxyServer} (its private field
 *   {@code server}), so that its connector can be bound to an ephemeral loopback port instead of the port the command
 *   line insists on;</li>
 *   <li>{@link #stopBackgroundJobs}: its {@code JobsRegister}s (TTL deletion, GSI creation), found by walking the
 *   server's object graph, so that their non-daemon pool threads are interrupted on stop instead of keeping the JVM
 *   alive for minutes.</li>
 * </ul>
 * If a DynamoDB Local upgrade renames these internals, this class is what breaks ({@code EmbeddedAwsIT} shows it).
 */
final class DynamoDbLocalInternals {

    private static final String DYNAMODB_LOCAL_PACKAGE = "com.amazonaws.services.dynamodbv2.local.";
    private static final int MAX_DEPTH = 8;

    private DynamoDbLocalInternals() {
    }

    /** The Jetty server DynamoDB Local runs on (private field {@code DynamoDBProxyServer.server}). */
    static Server jettyOf(DynamoDBProxyServer server) throws ReflectiveOperationException {
        Field f = DynamoDBProxyServer.class.getDeclaredField("server");
        f.setAccessible(true);
        return (Server) f.get(server);
    }

    /**
     * DynamoDB Local's stop() asks its background jobs (TTL deletion, GSI creation) to stop but does not interrupt
     * them: their non-daemon pool threads sleep on and keep the JVM alive for minutes. Interrupts this server's
     * jobs only (found by walking its object graph to its JobsRegister), not those of another instance.
     */
    static void stopBackgroundJobs(DynamoDBProxyServer server) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> registers = new ArrayList<>();
        findJobRegisters(server, 0, seen, registers);
        for (Object register : registers) {
            try {
                register.getClass().getMethod("shutdownNow").invoke(register);
            } catch (ReflectiveOperationException e) {
                System.err.println("[EmbeddedAws] could not stop DynamoDB Local jobs: " + e);
            }
        }
    }

    private static void findJobRegisters(Object o, int depth, Set<Object> seen, List<Object> found) {
        if (o == null || depth > MAX_DEPTH || !seen.add(o)) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.values().forEach(v -> findJobRegisters(v, depth + 1, seen, found));
            return;
        }
        if (o instanceof Collection<?> c) {
            c.forEach(v -> findJobRegisters(v, depth + 1, seen, found));
            return;
        }
        Class<?> type = o.getClass();
        if (!type.getName().startsWith(DYNAMODB_LOCAL_PACKAGE)) {
            return;
        }
        if (type.getSimpleName().equals("JobsRegister")) {
            found.add(o);
            return;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    findJobRegisters(f.get(o), depth + 1, seen, found);
                } catch (RuntimeException | IllegalAccessException ignored) {
                    // not reachable: skip
                }
            }
        }
    }
}
