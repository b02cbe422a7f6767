package dev.videojobs.local.bench;

import dev.videojobs.local.stack.runtime.AwsRequestCounter;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the stack has done so far: AWS requests by the functions and callers, requests by the runtime's event-source
 * emulation, invocations per function, and this process's CPU time. Two of them subtract to a batch's share.
 */
record Counters(Map<String, Long> requests, Map<String, Long> eventSourceRequests, Map<String, Long> invocations, double processCpuMs) {

    static Counters now(BenchStack stack) {
        return new Counters(AwsRequestCounter.snapshot(), AwsRequestCounter.internal(), stack.stack().runtime().invocationCounts(),
                processCpu());
    }

    /** What happened between {@code before} and this. */
    Counters since(Counters before) {
        return new Counters(delta(requests, before.requests), delta(eventSourceRequests, before.eventSourceRequests),
                delta(invocations, before.invocations), processCpuMs - before.processCpuMs);
    }

    private static Map<String, Long> delta(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((key, value) -> {
            long d = value - before.getOrDefault(key, 0L);
            if (d != 0) {
                delta.put(key, d);
            }
        });
        return delta;
    }

    private static double processCpu() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e6 : Double.NaN;
    }
}
