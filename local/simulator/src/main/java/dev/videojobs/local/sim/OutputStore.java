package dev.videojobs.local.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Generated files, kept in a temp directory and served at {@code /__sim/outputs/{taskId}/{n}.{ext}}. Files are
 * keyed by their inputs, so many tasks over the same image (benchmarks) share one encode and one file.
 */
final class OutputStore implements AutoCloseable {
    static final String PATH_PREFIX = "/__sim/outputs/";

    /** One output of one task. */
    record Published(String url, String contentType, Path file) {
        String base64() {
            try {
                return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    interface FileWriter {
        void write(Path out) throws IOException;
    }

    /** An output as served: which output of which fault subject it is, and how many GETs it has had. */
    private record Served(Published output, String subject, int index, AtomicInteger gets) {
    }

    private final String baseUrl;
    private final FaultPlan faults;
    private final Path directory;
    private final Map<String, CompletableFuture<Path>> files = new ConcurrentHashMap<>();
    private final Map<String, List<Served>> byTask = new ConcurrentHashMap<>();

    OutputStore(String baseUrl, FaultPlan faults) {
        this.baseUrl = baseUrl;
        this.faults = faults;
        try {
            this.directory = Files.createTempDirectory("provider-sim-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file for {@code key}, written by {@code writer} only the first time (concurrent callers wait). */
    Path make(String key, String extension, FileWriter writer) throws IOException {
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> existing = files.putIfAbsent(key, mine);
        if (existing != null) {
            return await(existing);
        }
        Path out = directory.resolve(ImageFetcher.sha256(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .substring(0, 32) + "." + extension);
        try {
            writer.write(out);
            mine.complete(out);
            return out;
        } catch (IOException | RuntimeException e) {
            files.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    List<Published> publish(SimTask task, List<Path> outputs, String extension, String contentType) {
        List<Served> served = new ArrayList<>();
        for (int n = 0; n < outputs.size(); n++) {
            String url = baseUrl + PATH_PREFIX + task.id + "/" + n + "." + extension;
            served.add(new Served(new Published(url, contentType, outputs.get(n)), task.faultSubject(), n,
                    new AtomicInteger()));
        }
        byTask.put(task.id, served);
        return served.stream().map(Served::output).toList();
    }

    /** Answers a download, applying the output faults of the plan. */
    SimResponse serve(String pathAfterPrefix, boolean headOnly) throws IOException {
        String[] parts = pathAfterPrefix.split("/");
        Served served = parts.length != 2 ? null : find(parts[0], parts[1]);
        if (served == null) {
            return SimResponse.text(404, "text/plain", "no such output");
        }
        // A HEAD sees the same failure as the next GET would, without using one up.
        int attempt = headOnly ? served.gets().get() + 1 : served.gets().incrementAndGet();
        if (faults.failsDownload(attempt)) {
            int status = faults.getOutputFailureStatus();
            if (!headOnly) {
                faults.countDownload(served.subject(), served.index(), attempt, "failed " + status);
            }
            return SimResponse.text(status, "text/plain", "simulated output failure " + status);
        }
        byte[] body = Files.readAllBytes(served.output().file());
        SimResponse response = SimResponse.bytes(200, served.output().contentType(), body);
        if (headOnly) {
            return new SimResponse(200, response.headers(), new byte[0], body.length);
        }
        boolean cutOff = faults.cutsOff(served.subject(), served.index(), attempt);
        faults.countDownload(served.subject(), served.index(), attempt, cutOff ? "cut off" : null);
        return cutOff ? response.truncated() : response;
    }

    private Served find(String taskId, String fileName) {
        List<Served> served = byTask.getOrDefault(taskId, List.of());
        for (int n = 0; n < served.size(); n++) {
            if (served.get(n).output().url().endsWith("/" + taskId + "/" + fileName)) {
                return served.get(n);
            }
        }
        return null;
    }

    /** Forgets which task owns which file (reset); the files stay reusable. */
    void forgetTasks() {
        byTask.clear();
    }

    @Override
    public void close() {
        byTask.clear();
        files.clear();
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is a temp directory
        }
    }

    private static Path await(CompletableFuture<Path> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for an output", e);
        } catch (ExecutionException e) {
            throw new IOException("output generation failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
