package dev.videojobs.local.stack.runtime;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * An EventBridge schedule rule: invokes the function with a ScheduledEvent every interval (first tick one interval
 * after start; ticks do not overlap). The function's return value is ignored.
 */
final class ScheduleEventSource implements AutoCloseable {

    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(\\w+)\\s*\\)");

    private final LambdaFunction function;
    private final ScheduledExecutorService timer;
    private final String ruleArn;
    private final String region;
    private final String accountId;
    private final Duration interval;

    ScheduleEventSource(LambdaFunction function, String eventName, Duration interval, String region, String accountId,
                        String stackName) {
        this.function = function;
        this.interval = interval;
        this.region = region;
        this.accountId = accountId;
        this.ruleArn = "arn:aws:events:" + region + ":" + accountId + ":rule/" + stackName + "-"
                + function.definition().logicalId() + eventName;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "schedule-" + function.definition().logicalId());
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        timer.scheduleAtFixedRate(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    Duration interval() {
        return interval;
    }

    private void tick() {
        ScheduledEvent event = new ScheduledEvent();
        event.setVersion("0");
        event.setId(UUID.randomUUID().toString());
        event.setDetailType("Scheduled Event");
        event.setSource("aws.events");
        event.setAccount(accountId);
        event.setRegion(region);
        event.setTime(DateTime.now(DateTimeZone.UTC).withMillisOfSecond(0));
        event.setResources(List.of(ruleArn));
        event.setDetail(Map.of());
        try {
            function.invoke(event);
        } catch (LambdaFunction.FunctionError e) {
            // Logged by the function; EventBridge would retry asynchronously, the next tick does the same job here.
        } catch (RuntimeException e) {
            System.err.println("[schedule " + function.definition().logicalId() + "] " + e);
        }
    }

    /** rate(N minute[s]|hour[s]|day[s]|second[s]) as a Duration; cron(...) and anything else as one minute. */
    static Duration parse(String expression) {
        Matcher m = RATE.matcher(expression.trim());
        if (!m.matches()) {
            System.err.println("[schedule] " + expression + ": only rate() expressions are emulated; running every minute");
            return Duration.ofMinutes(1);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        if (unit.startsWith("second")) {
            return Duration.ofSeconds(n);
        }
        if (unit.startsWith("minute")) {
            return Duration.ofMinutes(n);
        }
        if (unit.startsWith("hour")) {
            return Duration.ofHours(n);
        }
        if (unit.startsWith("day")) {
            return Duration.ofDays(n);
        }
        throw new IllegalArgumentException("Unknown rate unit in " + expression);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
