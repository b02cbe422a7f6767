package dev.videojobs.local.stack.runtime;

import dev.videojobs.local.stack.aws.CloudFormationTemplate;
import dev.videojobs.local.stack.aws.IntrinsicResolver;
import dev.videojobs.local.stack.aws.ProvisionedResource;
import dev.videojobs.local.stack.aws.ProvisionedResources;
import dev.videojobs.local.stack.runtime.FunctionDefinition.EventDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The template's functions, run in this JVM as Lambda would run them, wired to their triggers as the template
 * declares them: an API Gateway front door (Api events, API keys), SQS pollers (SQS events, partial batch
 * failures), timers (Schedule events) and a bucket watcher (S3 events).
 *
 * <p>Each handler gets the environment Lambda would give it: reserved variables (AWS_LAMBDA_FUNCTION_NAME,
 * AWS_REGION...), the endpoints' variables ({@link dev.videojobs.local.stack.aws.AwsEndpoints#environment()}: endpoint
 * URLs, credentials, region), the template's Globals and function Environment (resolved against the provisioned
 * resources), then {@code envOverrides} (a null value removes a variable).
 *
 * <p>A handler's exception is logged and handled as Lambda would (API 502, SQS batch not deleted, S3 retried,
 * schedule skipped); it never stops the runtime.
 */
public final class LocalLambdaRuntime implements AutoCloseable {

    private final Map<String, LambdaFunction> functions;
    private final ApiGatewayFrontDoor frontDoor;
    private final List<AutoCloseable> sources;
    private volatile boolean closed;

    private LocalLambdaRuntime(Map<String, LambdaFunction> functions, ApiGatewayFrontDoor frontDoor,
                               List<AutoCloseable> sources) {
        this.functions = functions;
        this.frontDoor = frontDoor;
        this.sources = sources;
    }

    public static LocalLambdaRuntime start(CloudFormationTemplate template, ProvisionedResources resources,
                                           Map<String, String> envOverrides, RuntimeOptions options) {
        CloudFormationTemplate t = template.withStackName(resources.stackName());
        IntrinsicResolver resolver = resources.resolver(t);
        Map<String, String> overrides = envOverrides == null ? Map.of() : envOverrides;
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : LocalLambdaRuntime.class.getClassLoader();

        Map<String, LambdaFunction> functions = new LinkedHashMap<>();
        for (FunctionDefinition def : FunctionDefinition.all(t, resolver, overrides.keySet())) {
            functions.put(def.logicalId(), new LambdaFunction(def, environment(def, resources, overrides),
                    resources.region(), resources.accountId(), options.functionLogs(), loader));
        }

        List<AutoCloseable> sources = new ArrayList<>();
        ApiGatewayFrontDoor frontDoor = null;
        try {
            List<ApiRoute> routes = new ArrayList<>();
            for (LambdaFunction fn : functions.values()) {
                for (EventDefinition e : fn.definition().events()) {
                    switch (e.type()) {
                        case "Api" -> routes.add(route(t, resolver, fn, e));
                        case "SQS" -> {
                            if (enabled(resolver, e)) {
                                sources.add(sqs(resolver, resources, fn, e, options));
                            }
                        }
                        case "Schedule", "ScheduleV2" -> {
                            if (enabled(resolver, e)) {
                                sources.add(schedule(resolver, resources, fn, e, options));
                            }
                        }
                        case "S3" -> sources.add(s3(resolver, resources, fn, e, options));
                        default -> System.err.println("[local-lambda] " + fn.definition().logicalId() + "."
                                + e.name() + ": event type " + e.type() + " is not emulated");
                    }
                }
            }
            frontDoor = new ApiGatewayFrontDoor(routes, GatewayResponses.of(t, resolver), options, resources.accountId());
        } catch (IOException e) {
            closeAll(sources, functions.values());
            throw new UncheckedIOException("API front door failed to start on " + options.host() + ":" + options.port(), e);
        } catch (RuntimeException e) {
            closeAll(sources, functions.values());
            throw e;
        }
        return new LocalLambdaRuntime(Collections.unmodifiableMap(functions), frontDoor, List.copyOf(sources));
    }

    // ------------------------------------------------------------------ wiring

    private static Map<String, String> environment(FunctionDefinition def, ProvisionedResources resources,
                                                   Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", def.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(def.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + def.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]" + def.functionName());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + def.runtime());
        env.putAll(resources.endpoints().environment());
        env.putAll(def.environment());
        overrides.forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        return env;
    }

    private static ApiRoute route(CloudFormationTemplate t, IntrinsicResolver resolver, LambdaFunction fn,
                                  EventDefinition e) {
        Map<String, Object> p = e.properties();
        String path = resolver.resolveString(p.get("Path"));
        String method = resolver.resolveString(p.get("Method"));
        boolean keyRequired = false;
        // The API's default (Auth.ApiKeyRequired of the AWS::Serverless::Api named by RestApiId)...
        Map<String, Object> restApi = FunctionDefinition.asMap(p.get("RestApiId"));
        if (restApi != null && restApi.get("Ref") instanceof String apiId) {
            Map<String, Object> auth = t.resource(apiId).map(r -> FunctionDefinition.asMap(r.properties().get("Auth")))
                    .orElse(null);
            keyRequired = auth != null && Boolean.parseBoolean(String.valueOf(resolver.resolve(auth.get("ApiKeyRequired"))));
        }
        // ...unless the event says otherwise.
        Map<String, Object> auth = FunctionDefinition.asMap(p.get("Auth"));
        if (auth != null && auth.containsKey("ApiKeyRequired")) {
            keyRequired = Boolean.parseBoolean(String.valueOf(resolver.resolve(auth.get("ApiKeyRequired"))));
        }
        return ApiRoute.of(method, path, keyRequired, fn, e.name());
    }

    private static SqsEventSource sqs(IntrinsicResolver resolver, ProvisionedResources resources, LambdaFunction fn,
                                      EventDefinition e, RuntimeOptions options) {
        Map<String, Object> p = e.properties();
        String arn = resolver.resolveString(p.get("Queue"));
        ProvisionedResource queue = resources.byArn(arn).orElseThrow(() -> new NoSuchElementException(
                fn.definition().logicalId() + "." + e.name() + ": queue " + arn + " was not provisioned"));
        int batchSize = p.get("BatchSize") == null ? 10 : Integer.parseInt(resolver.resolveString(p.get("BatchSize")));
        Object types = resolver.resolve(p.get("FunctionResponseTypes"));
        boolean partial = types instanceof List<?> l && l.stream().anyMatch(x -> "ReportBatchItemFailures".equals(x));
        return new SqsEventSource(fn, queue.ref(), arn, batchSize, partial, options.sqsConcurrency(),
                resources.endpoints());
    }

    private static ScheduleEventSource schedule(IntrinsicResolver resolver, ProvisionedResources resources,
                                                LambdaFunction fn, EventDefinition e, RuntimeOptions options) {
        Map<String, Object> p = e.properties();
        Object expression = p.containsKey("Schedule") ? p.get("Schedule") : p.get("ScheduleExpression");
        Duration interval = options.scheduleInterval() != null ? options.scheduleInterval()
                : ScheduleEventSource.parse(resolver.resolveString(expression));
        return new ScheduleEventSource(fn, e.name(), interval, resources.region(), resources.accountId(),
                resources.stackName());
    }

    private static S3EventSource s3(IntrinsicResolver resolver, ProvisionedResources resources, LambdaFunction fn,
                                    EventDefinition e, RuntimeOptions options) {
        Map<String, Object> p = e.properties();
        String bucket = resolver.resolveString(p.get("Bucket"));
        Object events = resolver.resolve(p.get("Events"));
        List<String> patterns = new ArrayList<>();
        if (events instanceof List<?> l) {
            l.forEach(x -> patterns.add(String.valueOf(x)));
        } else if (events != null) {
            patterns.add(String.valueOf(events));
        }
        String prefix = "";
        String suffix = "";
        Map<String, Object> filter = FunctionDefinition.asMap(resolver.resolve(p.get("Filter")));
        Map<String, Object> key = filter == null ? null : FunctionDefinition.asMap(filter.get("S3Key"));
        if (key != null && key.get("Rules") instanceof List<?> rules) {
            for (Object rule : rules) {
                Map<String, Object> r = FunctionDefinition.asMap(rule);
                if (r == null) {
                    continue;
                }
                String name = String.valueOf(r.get("Name")).toLowerCase(java.util.Locale.ROOT);
                if (name.equals("prefix")) {
                    prefix = String.valueOf(r.get("Value"));
                } else if (name.equals("suffix")) {
                    suffix = String.valueOf(r.get("Value"));
                }
            }
        }
        return new S3EventSource(fn, e.name(), bucket, prefix, suffix, patterns, options.s3PollInterval(),
                resources.endpoints());
    }

    private static boolean enabled(IntrinsicResolver resolver, EventDefinition e) {
        Object enabled = e.properties().get("Enabled");
        return enabled == null || Boolean.parseBoolean(String.valueOf(resolver.resolve(enabled)));
    }

    // ------------------------------------------------------------------ API

    /** Base URL of the API front door, without trailing slash: {@code apiUrl() + "/v1/jobs"}. */
    /** Fault injection for tests: every SQS message from now on is delivered to two concurrent invocations. */
    public void deliverEveryMessageTwice(boolean enabled) {
        sources.stream().filter(SqsEventSource.class::isInstance).map(SqsEventSource.class::cast)
                .forEach(source -> source.deliverEveryMessageTwice(enabled));
    }

    public URI apiUrl() {
        return frontDoor.url();
    }

    /** Invocations per function logical id (every function of the template, zero included). */
    public Map<String, Long> invocationCounts() {
        Map<String, Long> out = new TreeMap<>();
        functions.forEach((id, f) -> out.put(id, f.stats().invocations()));
        return out;
    }

    /** Invocations, errors, timeouts and cold starts per function logical id. */
    public Map<String, FunctionStats> functionStats() {
        Map<String, FunctionStats> out = new TreeMap<>();
        functions.forEach((id, f) -> out.put(id, f.stats()));
        return out;
    }

    /** The environment the function's handlers were constructed with. */
    public Map<String, String> environment(String functionLogicalId) {
        return function(functionLogicalId).environment();
    }

    /** Logical ids of the functions. */
    public List<String> functionIds() {
        return List.copyOf(functions.keySet());
    }

    /**
     * Invokes a function directly (as {@code aws lambda invoke} would), counted like any invocation.
     *
     * @throws IllegalStateException if the handler throws or times out (the message says which)
     */
    public Object invoke(String functionLogicalId, Object event) {
        try {
            return function(functionLogicalId).invoke(event);
        } catch (LambdaFunction.FunctionError e) {
            throw new IllegalStateException(functionLogicalId + " failed: " + e.getMessage(), e.getCause());
        }
    }

    private LambdaFunction function(String id) {
        LambdaFunction f = functions.get(id);
        if (f == null) {
            throw new NoSuchElementException("No function " + id + " (have " + functions.keySet() + ")");
        }
        return f;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> all = new ArrayList<>(sources);
        all.add(frontDoor);
        closeAll(all, functions.values());
    }

    private static void closeAll(List<AutoCloseable> sources, java.util.Collection<LambdaFunction> functions) {
        // Pollers can take a second to notice; stop them together.
        List<Thread> closers = new ArrayList<>();
        for (AutoCloseable c : sources) {
            Thread t = new Thread(() -> {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("[local-lambda] close failed: " + e);
                }
            }, "local-lambda-close");
            t.start();
            closers.add(t);
        }
        for (Thread t : closers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        functions.forEach(LambdaFunction::close);
    }
}
