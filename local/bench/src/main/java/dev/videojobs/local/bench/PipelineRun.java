package dev.videojobs.local.bench;

import dev.videojobs.core.job.Job;
import dev.videojobs.local.stack.ApiClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Jobs pushed through the local stack's public API by a few concurrent clients, each followed to its signed webhook:
 * how long the batch took, the CPU it used, the AWS requests and invocations it made, and per job the latency from
 * the provider finishing to the client's webhook arriving.
 *
 * <p>The provider's finish time comes from the provider's own API ({@link ProviderResults#finishedAtMs}). The job's own
 * provider_finished_at (when the callback or a check told it) splits that latency into "noticed" and "delivered".
 */
final class PipelineRun {

    static final String CALLBACK = "callback";
    static final String POLLING = "polling";

    /** Everything measured over one batch; counts are deltas over the batch. */
    record Result(String path, double offeredPerSecond, int submitted, int completed, int submitFailures, double elapsedSeconds,
            Counters counted, Map<String, Double> functionCpuMs, Map<String, Double> busySeconds, Map<String, Integer> memoryMb,
            List<Double> latencyMs, List<Double> noticedMs, List<Double> deliveredMs, double jobItemBytes) {

        double jobsPerSecond() {
            return completed / elapsedSeconds;
        }

        double processCpuMs() {
            return counted.processCpuMs();
        }

        Map<String, Long> requests() {
            return counted.requests();
        }

        Map<String, Long> eventSourceRequests() {
            return counted.eventSourceRequests();
        }

        Map<String, Long> invocations() {
            return counted.invocations();
        }
    }

    private static final int ITEM_SAMPLE = 50;
    private static final int TIMING_READERS = 8;

    private final BenchStack stack;
    private final ArrivalRecorder hooks;
    private final PrintStream log;
    private final ProviderResults provider;

    PipelineRun(BenchStack stack, ArrivalRecorder hooks, PrintStream log) {
        this.stack = stack;
        this.hooks = hooks;
        this.log = log;
        this.provider = new ProviderResults(stack.stack().simulator());
    }

    /**
     * Submits {@code jobs} jobs and waits up to {@code timeout} for their webhooks: as fast as {@code clients}
     * concurrent clients go when {@code perSecond} is 0 (a closed loop: the stack's capacity), else one every
     * 1/{@code perSecond} s whatever the answers take (an open loop at a chosen load).
     */
    Result run(String path, int jobs, int clients, double perSecond, Duration timeout) throws Exception {
        stack.stack().simulator().faults().setCallbackDropRate(path.equals(POLLING) ? 1.0 : 0.0);
        stack.awaitQuiet(Duration.ofMillis(500), Duration.ofSeconds(20));
        Counters before = Counters.now(stack);
        List<String> functions = stack.stack().runtime().functionIds();
        try (FunctionBusySampler sampler = new FunctionBusySampler(functions)) {
            long startMs = System.currentTimeMillis();
            AtomicInteger failures = new AtomicInteger();
            List<String> ids = submit(jobs, clients, perSecond, failures);
            boolean all = hooks.awaitAll(ids, timeout.minusMillis(System.currentTimeMillis() - startMs));
            List<String> done = ids.stream().filter(id -> hooks.arrival(id).isPresent()).toList();
            long lastArrival = done.stream().mapToLong(id -> hooks.arrival(id).orElseThrow().arrivedAtMs()).max().orElse(startMs);
            String label = path + " path" + (perSecond > 0 ? String.format(java.util.Locale.ROOT, " at %.1f jobs/s", perSecond) : "");
            if (!all) {
                log.printf("  pipeline, %s: %d of %d webhooks within %d s%n", label, done.size(), ids.size(), timeout.toSeconds());
            }
            // the webhook arrives mid-invocation, and checks planned before a callback came are still delayed in
            // PollQueue: count once every message is consumed and the last writes and deletes have landed
            stack.awaitDrained(Duration.ofSeconds(30));
            stack.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(15));
            Counters counted = Counters.now(stack).since(before);
            Map<String, Double> busy = sampler.busySeconds();
            Map<String, Double> cpu = sampler.cpuMillis();
            stack.stack().simulator().faults().setCallbackDropRate(0.0);
            List<Double> latency = new ArrayList<>();
            List<Double> noticed = new ArrayList<>();
            List<Double> delivered = new ArrayList<>();
            long countedAt = System.currentTimeMillis();
            timings(done, latency, noticed, delivered);
            log.printf("  pipeline, %s: %d jobs, last webhook after %.1f s, counted after %.1f s, timings read in %.1f s%n", label, done.size(),
                    (lastArrival - startMs) / 1000.0, (countedAt - startMs) / 1000.0, (System.currentTimeMillis() - countedAt) / 1000.0);
            Map<String, Integer> memory = new HashMap<>();
            functions.forEach(fn -> memory.put(fn, Integer.parseInt(stack.environment(fn).get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"))));
            return new Result(path, perSecond, ids.size(), done.size(), failures.get(), (lastArrival - startMs) / 1000.0, counted, cpu, busy,
                    memory, latency, noticed, delivered, meanItemBytes(done));
        }
    }

    private List<String> submit(int jobs, int clients, double perSecond, AtomicInteger failures) throws Exception {
        ApiClient api = stack.api();
        String body = JobFixtures.submitBody(hooks.url());
        Queue<String> ids = new ConcurrentLinkedQueue<>();
        Runnable submitOne = () -> {
            try {
                ApiClient.Reply reply = api.post("/v1/jobs", body);
                if (reply.status() == 202) {
                    ids.add(reply.body().path("id").asText());
                } else {
                    failures.incrementAndGet();
                }
            } catch (Exception e) {
                failures.incrementAndGet();
            }
        };
        // an open loop needs spare clients: a slow answer must not hold back the next submit
        ExecutorService pool = Executors.newFixedThreadPool(perSecond > 0 ? clients * 4 : clients);
        if (perSecond > 0) {
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                long due = start + (long) (i * 1e9 / perSecond);
                TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                pool.submit(submitOne);
            }
        } else {
            AtomicInteger next = new AtomicInteger();
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    while (next.getAndIncrement() < jobs) {
                        submitOne.run();
                    }
                });
            }
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return List.copyOf(ids);
    }

    /** Per job: provider finish to webhook, provider finish to the job knowing it, the job knowing it to webhook. */
    private void timings(List<String> done, List<Double> latency, List<Double> noticed, List<Double> delivered) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(TIMING_READERS);
        List<java.util.concurrent.Future<double[]>> reads = new ArrayList<>();
        for (String id : done) {
            reads.add(readers.submit(() -> timing(id)));
        }
        readers.shutdown();
        for (var read : reads) {
            double[] t = read.get();
            latency.add(t[0]);
            if (!Double.isNaN(t[1])) {
                noticed.add(t[1]);
                delivered.add(t[2]);
            }
        }
    }

    private double[] timing(String jobId) throws Exception {
        ArrivalRecorder.Arrival arrival = hooks.arrival(jobId).orElseThrow();
        double providerDone = provider.finishedAtMs(arrival.providerTaskId());
        double knownMs = stack.jobs().get(jobId).flatMap(Job::providerFinishedAt).map(at -> (double) at.toEpochMilli()).orElse(Double.NaN);
        return new double[] {arrival.arrivedAtMs() - providerDone, knownMs - providerDone, arrival.arrivedAtMs() - knownMs};
    }

    /** Mean DynamoDB size of finished job items (attribute names plus values), from a sample. */
    private double meanItemBytes(List<String> done) {
        return done.stream().limit(ITEM_SAMPLE)
                .mapToLong(id -> DynamoItemSize.of(stack.dynamo().getItem(get -> get.tableName(stack.table())
                        .key(Map.of("pk", AttributeValue.fromS(id)))).item()))
                .average().orElse(Double.NaN);
    }
}
