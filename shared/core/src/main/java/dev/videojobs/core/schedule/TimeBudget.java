package dev.videojobs.core.schedule;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time an invocation has left for more items of work (Lambda's remaining time, in production). Another item is
 * started only while more than the margin is left, so the item in hand can finish before the function's timeout; what
 * is not reached stays for the next invocation.
 */
public final class TimeBudget {

    private final LongSupplier remainingMillis;
    private final long marginMillis;

    public TimeBudget(LongSupplier remainingMillis, Duration margin) {
        this.remainingMillis = remainingMillis;
        this.marginMillis = margin.toMillis();
    }

    public boolean allowsAnotherItem() {
        return remainingMillis.getAsLong() > marginMillis;
    }
}
