package dev.videojobs.local.stack.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One function, run as Lambda runs it: a pool of handler instances (one per concurrent execution environment,
 * created on demand - a "cold start" - and reused; an environment runs one invocation at a time), each invocation
 * bounded by the function's Timeout. The handler class is instantiated with its public constructor taking the
 * environment {@code Map<String, String>} (else its no-arg constructor).
 */
final class LambdaFunction implements AutoCloseable {

    private final FunctionDefinition definition;
    private final Map<String, String> environment;
    private final String arn;
    private final boolean logs;
    private final Class<?> handlerClass;
    private final ConcurrentLinkedDeque<Object> idle = new ConcurrentLinkedDeque<>();
    private final java.util.concurrent.ConcurrentHashMap<Class<?>, Method> methods =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService threads;
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong coldStarts = new AtomicLong();

    LambdaFunction(FunctionDefinition definition, Map<String, String> environment, String region, String accountId,
                   boolean logs, ClassLoader loader) {
        this.definition = definition;
        this.environment = Map.copyOf(environment);
        this.arn = "arn:aws:lambda:" + region + ":" + accountId + ":function:" + definition.functionName();
        this.logs = logs;
        try {
            this.handlerClass = Class.forName(definition.handlerClass(), true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Handler class of " + definition.logicalId() + " not on the classpath: "
                    + definition.handlerClass(), e);
        }
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lambda-" + definition.logicalId() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    FunctionDefinition definition() {
        return definition;
    }

    Map<String, String> environment() {
        return environment;
    }

    String arn() {
        return arn;
    }

    FunctionStats stats() {
        return new FunctionStats(invocations.get(), errors.get(), timeouts.get(), coldStarts.get());
    }

    /**
     * Invokes the handler with {@code event}; returns what it returned. Throws {@link FunctionError} when the
     * handler throws, cannot be created, or runs out of time (the error is logged to stderr first).
     */
    Object invoke(Object event) throws FunctionError {
        invocations.incrementAndGet();
        String requestId = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + definition.timeout().toNanos();
        Future<Object> future;
        Object[] instance = new Object[1];
        try {
            future = threads.submit(() -> {
                Object handler = idle.pollFirst();
                if (handler == null) {
                    coldStarts.incrementAndGet();
                    handler = newInstance();
                }
                instance[0] = handler;
                Context context = new LocalContext(requestId, definition.functionName(), arn, definition.memoryMb(),
                        deadline, logger(requestId));
                return call(handler, event, context);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new FunctionError(definition.logicalId() + " is shut down", e);
        }
        try {
            Object result = future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            idle.offerFirst(instance[0]);
            return result;
        } catch (TimeoutException e) {
            future.cancel(true);
            timeouts.incrementAndGet();
            errors.incrementAndGet();
            // The environment that timed out is not reused (Lambda restarts it).
            FunctionError error = new FunctionError("Task timed out after "
                    + definition.timeout().toMillis() / 1000.0 + " seconds", null);
            report(requestId, error);
            throw error;
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            errors.incrementAndGet();
            throw new FunctionError("Invocation interrupted", e);
        } catch (ExecutionException e) {
            errors.incrementAndGet();
            Throwable cause = e.getCause() instanceof InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : e.getCause();
            if (instance[0] != null && !(cause instanceof HandlerCreationError)) {
                idle.offerFirst(instance[0]);
            }
            FunctionError error = new FunctionError(cause.getClass().getName() + ": " + cause.getMessage(), cause);
            report(requestId, error);
            throw error;
        }
    }

    private Object newInstance() throws HandlerCreationError {
        try {
            try {
                Constructor<?> c = handlerClass.getConstructor(Map.class);
                return c.newInstance(environment);
            } catch (NoSuchMethodException noMapConstructor) {
                return handlerClass.getConstructor().newInstance();
            }
        } catch (InvocationTargetException e) {
            throw new HandlerCreationError("Init of " + handlerClass.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new HandlerCreationError("Cannot create " + handlerClass.getName()
                    + " (needs a public constructor taking Map<String, String>, or a public no-arg one)", e);
        }
    }

    /** Whether the handler takes the raw event JSON (a stream) rather than an event object. */
    boolean takesStream() {
        return RequestStreamHandler.class.isAssignableFrom(handlerClass);
    }

    private Object call(Object handler, Object event, Context context) throws Exception {
        if (handler instanceof RequestStreamHandler stream) {
            // as on Lambda: the event's JSON in, the response's JSON out
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream((byte[]) event), response, context);
            return response.toByteArray();
        }
        Method m = handlerMethod(event);
        return m.getParameterCount() == 2 ? m.invoke(handler, event, context) : m.invoke(handler, event);
    }

    /** The public method named as in Handler whose first parameter accepts the event (non-bridge preferred). */
    private Method handlerMethod(Object event) {
        Class<?> eventType = event == null ? Object.class : event.getClass();
        return methods.computeIfAbsent(eventType, this::findHandlerMethod);
    }

    private Method findHandlerMethod(Class<?> eventType) {
        return java.util.Arrays.stream(handlerClass.getMethods())
                .filter(m -> m.getName().equals(definition.handlerMethod()))
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getParameterCount() == 1
                        || m.getParameterCount() == 2 && m.getParameterTypes()[1].isAssignableFrom(Context.class))
                .filter(m -> m.getParameterTypes()[0].isAssignableFrom(eventType))
                .min(Comparator.comparing(Method::isBridge).thenComparing(m -> m.getParameterTypes()[0] == Object.class))
                .orElseThrow(() -> new IllegalStateException(handlerClass.getName() + "::" + definition.handlerMethod()
                        + " takes no " + eventType.getSimpleName()));
    }

    private LambdaLogger logger(String requestId) {
        String prefix = "[" + definition.logicalId() + " " + requestId.substring(0, 8) + "] ";
        PrintStream out = System.out;
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                if (logs) {
                    out.println(prefix + message.stripTrailing());
                }
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    private void report(String requestId, FunctionError error) {
        System.err.println("[" + definition.logicalId() + " " + requestId.substring(0, 8) + "] ERROR " + error.getMessage());
        if (error.getCause() != null && !(error.getCause() instanceof HandlerCreationError)) {
            error.getCause().printStackTrace(System.err);
        } else if (error.getCause() instanceof HandlerCreationError h && h.getCause() != null) {
            h.getCause().printStackTrace(System.err);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        idle.clear();
    }

    /** The invocation failed: the handler threw, could not be created, or timed out. */
    static final class FunctionError extends Exception {
        FunctionError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class HandlerCreationError extends Exception {
        HandlerCreationError(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
