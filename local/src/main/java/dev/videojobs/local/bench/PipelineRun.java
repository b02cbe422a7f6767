package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.local.cli.ApiClient;
import dev.videojobs.local.runtime.AwsRequestCounter;
import dev.videojobs.shared.json.Json;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
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

/**
 * Jobs pushed through the local stack's public API by a few concurrent clients, each followed to its signed webhook:
 * how long the batch took, the CPU it used, the AWS requests and invocations it made, and per job the latency from
 * the provider finishing to the client's webhook arriving.
 *
 * <p>The provider's finish time comes from the provider's own API (the simulator's WaveSpeed result: created_at plus
 * timings.inference; the time between its submit and the start of processing is not reported, so the finish is taken
 * slightly early and latencies err on the long side). The job's own provider_finished_at (when the callback or a
 * check told it) splits that latency into "noticed" and "delivered".
 */
final class PipelineRun {

    static final String CALLBACK = "callback";
    static final String POLLING = "polling";

    /** Everything measured over one batch; counts are deltas over the batch. */
    record Result(String path, int submitted, int completed, int submitFailures, double elapsedSeconds, double processCpuMs,
            Map<String, Double> functionCpuMs, Map<String, Double> busySeconds, Map<String, Integer> memoryMb, List<Double> latencyMs,
            List<Double> noticedMs, List<Double> deliveredMs, Map<String, Long> requests, Map<String, Long> eventSourceRequests,
            Map<String, Long> invocations, double jobItemBytes) {

        double jobsPerSecond() {
            return completed / elapsedSeconds;
        }
    }

    private static final int ITEM_SAMPLE = 50;

    private final BenchStack stack;
    private final ArrivalRecorder hooks;
    private final PrintStream log;
    private final HttpClient http = HttpClient.newHttpClient();

    PipelineRun(BenchStack stack, ArrivalRecorder hooks, PrintStream log) {
        this.stack = stack;
        this.hooks = hooks;
        this.log = log;
    }

    /** Submits {@code jobs} jobs with {@code clients} concurrent clients and waits up to {@code timeout} for their webhooks. */
    Result run(String path, int jobs, int clients, Duration timeout) throws Exception {
        stack.stack().simulator().faults().setCallbackDropRate(path.equals(POLLING) ? 1.0 : 0.0);
        stack.awaitQuiet(Duration.ofMillis(500), Duration.ofSeconds(20));
        Map<String, Long> requestsBefore = AwsRequestCounter.snapshot();
        Map<String, Long> internalBefore = AwsRequestCounter.internal();
        Map<String, Long> invocationsBefore = stack.stack().runtime().invocationCounts();
        double cpuBefore = processCpuMs();
        List<String> functions = stack.stack().runtime().functionIds();
        try (FunctionBusySampler sampler = new FunctionBusySampler(functions)) {
            long startMs = System.currentTimeMillis();
            AtomicInteger failures = new AtomicInteger();
            List<String> ids = submit(jobs, clients, failures);
            boolean all = hooks.awaitAll(ids, timeout.minusMillis(System.currentTimeMillis() - startMs));
            List<String> done = ids.stream().filter(id -> hooks.arrival(id).isPresent()).toList();
            long lastArrival = done.stream().mapToLong(id -> hooks.arrival(id).orElseThrow().arrivedAtMs()).max().orElse(startMs);
            if (!all) {
                log.printf("  %s path: %d of %d webhooks within %d s%n", path, done.size(), ids.size(), timeout.toSeconds());
            }
            // the webhook arrives mid-invocation: let the last writes and message deletes land before counting
            stack.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(15));
            Map<String, Double> busy = sampler.busySeconds();
            Map<String, Double> cpu = sampler.cpuMillis();
            double processCpu = processCpuMs() - cpuBefore;
            Map<String, Long> requests = delta(AwsRequestCounter.snapshot(), requestsBefore);
            Map<String, Long> internal = delta(AwsRequestCounter.internal(), internalBefore);
            Map<String, Long> invocations = delta(stack.stack().runtime().invocationCounts(), invocationsBefore);
            stack.stack().simulator().faults().setCallbackDropRate(0.0);
            List<Double> latency = new ArrayList<>();
            List<Double> noticed = new ArrayList<>();
            List<Double> delivered = new ArrayList<>();
            timings(done, latency, noticed, delivered);
            Map<String, Integer> memory = new HashMap<>();
            functions.forEach(fn -> memory.put(fn, Integer.parseInt(stack.environment(fn).getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"))));
            return new Result(path, ids.size(), done.size(), failures.get(), (lastArrival - startMs) / 1000.0, processCpu, cpu, busy,
                    memory, latency, noticed, delivered, requests, internal, invocations, meanItemBytes(done));
        }
    }

    private List<String> submit(int jobs, int clients, AtomicInteger failures) throws Exception {
        ApiClient api = stack.api();
        String body = JobFixtures.submitBody(hooks.url());
        Queue<String> ids = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (next.getAndIncrement() < jobs) {
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
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return List.copyOf(ids);
    }

    /** Per job: provider finish to webhook, provider finish to the job knowing it, the job knowing it to webhook. */
    private void timings(List<String> done, List<Double> latency, List<Double> noticed, List<Double> delivered) throws Exception {
        for (String id : done) {
            ArrivalRecorder.Arrival arrival = hooks.arrival(id).orElseThrow();
            double providerDone = providerFinishedAtMs(arrival.providerTaskId());
            latency.add(arrival.arrivedAtMs() - providerDone);
            String known = stack.jobs().get(id).map(job -> job.doc().path("provider_finished_at").asText(null)).orElse(null);
            if (known != null) {
                double knownMs = Instant.parse(known).toEpochMilli();
                noticed.add(knownMs - providerDone);
                delivered.add(arrival.arrivedAtMs() - knownMs);
            }
        }
    }

    /** The provider's own account of when the task finished: created_at plus the inference time it reports. */
    private double providerFinishedAtMs(String taskId) throws Exception {
        var simulator = stack.stack().simulator();
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUri() + "/api/v3/predictions/" + taskId + "/result"))
                .header("Authorization", "Bearer " + simulator.options().waveSpeedApiKey()).build();
        JsonNode data = Json.parse(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("data");
        return Instant.parse(data.path("created_at").asText()).toEpochMilli() + data.path("timings").path("inference").asDouble();
    }

    /** Mean DynamoDB size of finished job items (attribute names plus values), from a sample. */
    private double meanItemBytes(List<String> done) {
        return done.stream().limit(ITEM_SAMPLE)
                .mapToLong(id -> DynamoItemSize.of(stack.dynamo().getItem(get -> get.tableName(stack.table())
                        .key(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(id)))).item()))
                .average().orElse(Double.NaN);
    }

    static Map<String, Long> delta(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> delta = new java.util.TreeMap<>();
        after.forEach((key, value) -> {
            long d = value - before.getOrDefault(key, 0L);
            if (d != 0) {
                delta.put(key, d);
            }
        });
        return delta;
    }

    private static double processCpuMs() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e6 : Double.NaN;
    }
}
