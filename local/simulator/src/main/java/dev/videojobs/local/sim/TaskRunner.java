package dev.videojobs.local.sim;

import dev.videojobs.local.sim.ImageFetcher.LoadedImage;
import dev.videojobs.local.sim.TaskSpec.Kind;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Moves tasks through their life in the background: queued, then processing shortly after submit, then finished
 * once {@code processingTime} has passed since submit and the outputs exist (whichever is later).
 */
final class TaskRunner implements AutoCloseable {
    static final String SIMULATED_FAILURE = "simulated failure";
    private static final Logger LOG = Logger.getLogger(TaskRunner.class.getName());
    /** Upper bound for the queued phase, so pollers get to see the first status. */
    private static final long MAX_QUEUED_MS = 200;

    private final SimulatorOptions options;
    private final FaultPlan faults;
    private final ImageFetcher images;
    private final OutputStore outputs;
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(1, daemon("provider-sim-clock"));
    private final ExecutorService workers = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("provider-sim-worker"));

    TaskRunner(SimulatorOptions options, FaultPlan faults, ImageFetcher images, OutputStore outputs) {
        this.options = options;
        this.faults = faults;
        this.images = images;
        this.outputs = outputs;
    }

    void start(SimTask task) {
        long totalMs = options.processingTime().toMillis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(totalMs);
        task.track(clock.schedule(() -> beginProcessing(task, deadline),
                Math.min(MAX_QUEUED_MS, totalMs / 4), TimeUnit.MILLISECONDS));
    }

    private void beginProcessing(SimTask task, long deadline) {
        if (!task.startProcessing()) {
            return;
        }
        task.notifyChange();
        task.track(workers.submit(() -> produce(task, deadline)));
    }

    private void produce(SimTask task, long deadline) {
        BooleanSupplier finish;
        try {
            if (faults.shouldFailTask(task.faultSubject(), task.spec.prompt())) {
                finish = () -> task.fail(SIMULATED_FAILURE);
            } else {
                List<OutputStore.Published> results = makeOutputs(task);
                finish = () -> task.succeed(results);
            }
        } catch (TaskFailure e) {
            finish = () -> task.fail(e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // cancelled by reset or close: nobody is waiting for this task any more
            }
            LOG.log(Level.WARNING, "task " + task.id + " could not be processed", e);
            finish = () -> task.fail("internal error: " + e.getMessage());
        }
        BooleanSupplier outcome = finish;
        long waitNanos = Math.max(0, deadline - System.nanoTime());
        task.track(clock.schedule(() -> {
            if (outcome.getAsBoolean()) {
                task.notifyChange();
            }
        }, waitNanos, TimeUnit.NANOSECONDS));
    }

    private List<OutputStore.Published> makeOutputs(SimTask task) throws TaskFailure, IOException {
        List<LoadedImage> inputs = new ArrayList<>();
        for (TaskSpec.ImageRef ref : task.spec.images()) {
            inputs.add(images.load(ref));
        }
        return task.spec.kind() == Kind.SHOTS ? makeShots(task, inputs.get(0)) : makeVideo(task, inputs);
    }

    private List<OutputStore.Published> makeVideo(SimTask task, List<LoadedImage> inputs) throws IOException {
        BufferedImage first = inputs.get(0).image();
        VideoMaker.Size size = task.spec.aspectRatio() == null
                ? VideoMaker.sizeForImage(first.getWidth(), first.getHeight(), options.maxVideoWidth())
                : VideoMaker.sizeForAspectRatio(task.spec.aspectRatio(), first.getWidth(), options.maxVideoWidth());
        int seconds = task.spec.durationSeconds();
        String key = "video|" + inputs.stream().map(LoadedImage::digest).collect(Collectors.joining(","))
                + "|" + size + "|" + seconds + "|" + options.fps();
        Path file = outputs.make(key, "mp4", out -> VideoMaker.write(
                inputs.stream().map(LoadedImage::image).toList(), size, seconds, options.fps(), out));
        return outputs.publish(task, List.of(file), "mp4", "video/mp4");
    }

    private List<OutputStore.Published> makeShots(SimTask task, LoadedImage input) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < ShotMaker.SHOTS; i++) {
            int index = i;
            files.add(outputs.make("shot|" + input.digest() + "|" + i, "png",
                    out -> ShotMaker.write(input.image(), index, out)));
        }
        return outputs.publish(task, files, "png", "image/png");
    }

    @Override
    public void close() {
        clock.shutdownNow();
        workers.shutdownNow();
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
