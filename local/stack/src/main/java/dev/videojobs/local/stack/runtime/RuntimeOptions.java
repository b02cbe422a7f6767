package dev.videojobs.local.stack.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link LocalLambdaRuntime} runs.
 *
 * @param host             address the API front door binds (default 127.0.0.1)
 * @param port             its port; 0 picks a free one
 * @param apiKeys          API keys accepted in {@code x-api-key}: key value to API key id
 * @param scheduleInterval interval of every Schedule event; null uses the template's rate expression
 * @param sqsConcurrency   concurrent pollers, each invoking the function, per SQS event source (Lambda would scale
 *                         out; here a few cores)
 * @param s3PollInterval   how often the S3 notification emulation lists the watched buckets
 * @param functionLogs     whether the functions' LambdaLogger output goes to stdout
 */
public record RuntimeOptions(String host, int port, Map<String, String> apiKeys, Duration scheduleInterval,
                             int sqsConcurrency, Duration s3PollInterval, boolean functionLogs) {

    public RuntimeOptions {
        Objects.requireNonNull(host, "host");
        apiKeys = Map.copyOf(apiKeys == null ? Map.of() : apiKeys);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        if (sqsConcurrency < 1) {
            throw new IllegalArgumentException("sqsConcurrency must be at least 1");
        }
        Objects.requireNonNull(s3PollInterval, "s3PollInterval");
    }

    /** Loopback front door on {@code port} (0: any free one); S3 listed every 300 ms; function logs on stdout. */
    public RuntimeOptions(int port, Map<String, String> apiKeys, Duration scheduleInterval, int sqsConcurrency) {
        this("127.0.0.1", port, apiKeys, scheduleInterval, sqsConcurrency, Duration.ofMillis(300), true);
    }

    /** Ephemeral loopback port, no API keys, template schedules, one poller per queue, S3 listed every 300 ms. */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions("127.0.0.1", 0, Map.of(), null, 1, Duration.ofMillis(300), true);
    }

    public RuntimeOptions withHost(String value) {
        return new RuntimeOptions(value, port, apiKeys, scheduleInterval, sqsConcurrency, s3PollInterval, functionLogs);
    }

    public RuntimeOptions withPort(int value) {
        return new RuntimeOptions(host, value, apiKeys, scheduleInterval, sqsConcurrency, s3PollInterval, functionLogs);
    }

    public RuntimeOptions withApiKeys(Map<String, String> value) {
        return new RuntimeOptions(host, port, value, scheduleInterval, sqsConcurrency, s3PollInterval, functionLogs);
    }

    public RuntimeOptions withScheduleInterval(Duration value) {
        return new RuntimeOptions(host, port, apiKeys, value, sqsConcurrency, s3PollInterval, functionLogs);
    }

    public RuntimeOptions withSqsConcurrency(int value) {
        return new RuntimeOptions(host, port, apiKeys, scheduleInterval, value, s3PollInterval, functionLogs);
    }

    public RuntimeOptions withS3PollInterval(Duration value) {
        return new RuntimeOptions(host, port, apiKeys, scheduleInterval, sqsConcurrency, value, functionLogs);
    }

    public RuntimeOptions withFunctionLogs(boolean value) {
        return new RuntimeOptions(host, port, apiKeys, scheduleInterval, sqsConcurrency, s3PollInterval, value);
    }
}
