package dev.videojobs.local.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Estimates each function's billed duration and CPU time while the in-process runtime runs it. The runtime keeps no
 * durations, but it runs every invocation on a thread named {@code lambda-<Function>-<n>} that is idle (parked in
 * its pool) between invocations: sampling those threads every few milliseconds, the time they are RUNNABLE or BLOCKED
 * (socket reads show as RUNNABLE) approximates the invocations' wall time, which is what Lambda bills.
 */
final class FunctionBusySampler implements AutoCloseable {

    private static final long TICK_NANOS = 5_000_000;
    private static final int TICKS_PER_REFRESH = 40;
    private static final String PREFIX = "lambda-";

    private final List<String> functions;
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Map<String, Double> busySeconds = new ConcurrentHashMap<>();
    /** Per thread id: its function, CPU time when first seen (0 for threads born during the run), last CPU time. */
    private final Map<Long, String> functionOf = new HashMap<>();
    private final Map<Long, Long> cpuBaseline = new HashMap<>();
    private final Map<Long, Long> cpuLast = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile List<Thread> tracked = List.of();

    FunctionBusySampler(List<String> functions) {
        this.functions = functions;
        refresh(true);
        sampler = new Thread(this::sample, "bench-busy-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        long last = System.nanoTime();
        for (int tick = 1; running; tick++) {
            try {
                Thread.sleep(TICK_NANOS / 1_000_000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            double seconds = (now - last) / 1e9;
            last = now;
            for (Thread thread : tracked) {
                Thread.State state = thread.getState();
                if (state == Thread.State.RUNNABLE || state == Thread.State.BLOCKED) {
                    busySeconds.merge(function(thread.getName()), seconds, Double::sum);
                }
            }
            if (tick % TICKS_PER_REFRESH == 0) {
                refresh(false);
            }
        }
    }

    /** Finds the functions' threads (new ones appear as concurrency grows) and reads their CPU time. */
    private synchronized void refresh(boolean atStart) {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() * 2 + 16];
        int n = root.enumerate(all, true);
        List<Thread> found = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String fn = function(all[i].getName());
            if (fn != null) {
                found.add(all[i]);
                long id = all[i].getId();
                long cpu = mx.getThreadCpuTime(id);
                if (functionOf.putIfAbsent(id, fn) == null) {
                    cpuBaseline.put(id, atStart ? cpu : 0L);
                }
                if (cpu >= 0) {
                    cpuLast.put(id, cpu);
                }
            }
        }
        tracked = List.copyOf(found);
    }

    private String function(String threadName) {
        if (!threadName.startsWith(PREFIX)) {
            return null;
        }
        String rest = threadName.substring(PREFIX.length());
        int dash = rest.lastIndexOf('-');
        String fn = dash < 0 ? rest : rest.substring(0, dash);
        return functions.contains(fn) ? fn : null;
    }

    /** Seconds each function's threads were busy since the sampler started. */
    Map<String, Double> busySeconds() {
        return Map.copyOf(busySeconds);
    }

    /** CPU milliseconds each function's threads used since the sampler started. */
    synchronized Map<String, Double> cpuMillis() {
        refresh(false);
        Map<String, Double> cpu = new HashMap<>();
        functionOf.forEach((id, fn) -> cpu.merge(fn, (cpuLast.getOrDefault(id, 0L) - cpuBaseline.getOrDefault(id, 0L)) / 1e6, Double::sum));
        return cpu;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
