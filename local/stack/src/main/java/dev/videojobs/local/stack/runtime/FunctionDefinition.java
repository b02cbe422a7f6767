package dev.videojobs.local.stack.runtime;

import dev.videojobs.local.stack.aws.CloudFormationTemplate;
import dev.videojobs.local.stack.aws.IntrinsicResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One AWS::Serverless::Function of the template, with SAM Globals applied: handler, environment (resolved), timeout,
 * memory and its events (properties left unresolved: each event source resolves what it needs).
 */
public record FunctionDefinition(String logicalId, String functionName, String handlerClass, String handlerMethod,
                                 Map<String, String> environment, Duration timeout, int memoryMb, String runtime,
                                 List<EventDefinition> events) {

    public static final String TYPE = "AWS::Serverless::Function";

    /** One entry of the function's Events. */
    public record EventDefinition(String name, String type, Map<String, Object> properties) {
    }

    /**
     * All functions of {@code template}; environment values resolve with {@code resolver}, except the names in
     * {@code skipResolution} (they are about to be overridden, and may not resolve locally).
     */
    public static List<FunctionDefinition> all(CloudFormationTemplate template, IntrinsicResolver resolver,
                                               Set<String> skipResolution) {
        Map<String, Object> globals = template.globalFunctionProperties();
        List<FunctionDefinition> out = new ArrayList<>();
        template.resourcesOfType(TYPE).forEach((id, r) -> {
            Map<String, Object> p = r.properties();
            String handler = String.valueOf(resolver.resolve(first(p, globals, "Handler")));
            int sep = handler.indexOf("::");
            String cls = sep < 0 ? handler : handler.substring(0, sep);
            String method = sep < 0 ? "handleRequest" : handler.substring(sep + 2);

            Map<String, Object> rawEnv = new LinkedHashMap<>(variables(globals));
            rawEnv.putAll(variables(p));
            Map<String, String> env = new LinkedHashMap<>();
            rawEnv.forEach((name, value) -> {
                if (!skipResolution.contains(name)) {
                    String resolved = resolver.resolveString(value);
                    if (resolved != null) {
                        env.put(name, resolved);
                    }
                }
            });

            Object timeout = first(p, globals, "Timeout");
            Object memory = first(p, globals, "MemorySize");
            Object runtime = first(p, globals, "Runtime");
            Object fnName = p.get("FunctionName");
            List<EventDefinition> events = new ArrayList<>();
            Map<String, Object> rawEvents = asMap(p.get("Events"));
            if (rawEvents != null) {
                rawEvents.forEach((name, e) -> {
                    Map<String, Object> em = asMap(e);
                    if (em != null) {
                        Map<String, Object> props = asMap(em.get("Properties"));
                        events.add(new EventDefinition(name, String.valueOf(em.get("Type")),
                                props == null ? Map.of() : props));
                    }
                });
            }
            out.add(new FunctionDefinition(id,
                    fnName != null ? resolver.resolveString(fnName) : template.stackName() + "-" + id,
                    cls, method, Map.copyOf(env),
                    Duration.ofSeconds(timeout == null ? 3 : Long.parseLong(resolver.resolveString(timeout))),
                    memory == null ? 128 : Integer.parseInt(resolver.resolveString(memory)),
                    runtime == null ? "java21" : resolver.resolveString(runtime),
                    List.copyOf(events)));
        });
        return out;
    }

    private static Object first(Map<String, Object> own, Map<String, Object> globals, String key) {
        return own.containsKey(key) ? own.get(key) : globals.get(key);
    }

    private static Map<String, Object> variables(Map<String, Object> props) {
        Map<String, Object> env = asMap(props.get("Environment"));
        Map<String, Object> vars = env == null ? null : asMap(env.get("Variables"));
        return vars == null ? Map.of() : vars;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
