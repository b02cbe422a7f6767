package dev.videojobs.local.sim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real HTTP server on 127.0.0.1 that behaves like WaveSpeedAI v3 ({@code /api/v3/...}) and Kling's official API
 * ({@code /v1/...}) on one port, makes real MP4/PNG outputs from the input images, calls webhooks back, and injects
 * faults on demand. Control endpoints live under {@code /__sim/}.
 */
public final class ProviderSimulator implements AutoCloseable {
    private final SimulatorOptions options;
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final URI baseUri;
    private final FaultPlan faults = new FaultPlan();
    private final TaskRegistry registry = new TaskRegistry();
    private final OutputStore outputs;
    private final MediaUploads uploads;
    private final TaskRunner runner;
    private final CallbackSender callbacks;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProviderSimulator(SimulatorOptions options) throws IOException {
        this.options = options;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 64);
        this.baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        String base = baseUri.toString();
        this.outputs = new OutputStore(base, faults);
        this.runner = new TaskRunner(options, faults, new ImageFetcher(), outputs);
        this.callbacks = new CallbackSender(faults);
        this.uploads = new MediaUploads(base);
        ControlApi control = new ControlApi(this::tasks, faults, this::reset, outputs, uploads);
        Router router = new Router(faults, new FaultInjector(options), new FaultSubjects(registry),
                new WaveSpeedApi(options, base, registry, runner, callbacks, faults, uploads),
                new KlingApi(options, registry, runner, callbacks, faults), control);
        // Unbounded on purpose: "timeout" faults park a thread per call and must not starve other calls.
        this.httpThreads = Executors.newCachedThreadPool(TaskRunner.daemon("provider-sim-http"));
        server.setExecutor(httpThreads);
        server.createContext("/", router);
        server.start();
    }

    public static ProviderSimulator start(SimulatorOptions options) {
        try {
            return new ProviderSimulator(options);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the provider simulator on port " + options.port(), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the WaveSpeed base URL and the Kling base URL. */
    public URI baseUri() {
        return baseUri;
    }

    public SimulatorOptions options() {
        return options;
    }

    /** Every task received, in arrival order. */
    public List<RecordedTask> tasks() {
        return registry.all().stream().map(SimTask::record).toList();
    }

    /** Every file received by WaveSpeed's media upload, in arrival order. */
    public List<RecordedUpload> uploads() {
        return uploads.received();
    }

    /** The live fault plan; changes apply to the next call. */
    public FaultPlan faults() {
        return faults;
    }

    /** Forgets all tasks (stopping their background work) and clears the fault plan. */
    public void reset() {
        registry.clear().forEach(SimTask::cancel);
        outputs.forgetTasks();
        uploads.clear();
        faults.clear();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        httpThreads.shutdownNow();
        runner.close();
        callbacks.close();
        outputs.close();
    }

    /** Runs a simulator until killed: {@code [port] [processingMillis]}; prints where it listens. */
    public static void main(String[] args) throws InterruptedException {
        SimulatorOptions options = SimulatorOptions.defaults();
        if (args.length > 0) {
            options = options.withPort(Integer.parseInt(args[0]));
        }
        if (args.length > 1) {
            options = options.withProcessingTime(java.time.Duration.ofMillis(Long.parseLong(args[1])));
        }
        ProviderSimulator simulator = start(options);
        System.out.println("provider simulator at " + simulator.baseUri() + " wavespeed key "
                + options.waveSpeedApiKey() + ", kling ak/sk " + options.klingAccessKey() + "/"
                + options.klingSecretKey() + ", webhook secret " + options.waveSpeedWebhookSecret());
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        Thread.currentThread().join();
    }
}
