package dev.videojobs.local.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts one child JVM with exactly the given classpath, flags and environment (nothing inherited but PATH), and
 * records each {@link ChildMarkers} line with the time it arrived, measured from just before the process started.
 */
final class ChildJvm {

    /** What a child reported: marker values, and when each marker arrived (ms since the process was started). */
    record Result(Map<String, String> values, Map<String, Double> arrivalMs, int exitCode, String stderrTail) {

        boolean ok() {
            return exitCode == 0 && !values.containsKey(ChildMarkers.ERROR);
        }

        String value(String name) {
            return values.get(name);
        }

        double number(String name) {
            String value = values.get(name);
            return value == null ? Double.NaN : Double.parseDouble(value);
        }

        double arrival(String name) {
            return arrivalMs.getOrDefault(name, Double.NaN);
        }

        double peakRssMiB() {
            return number(ChildMarkers.PEAK_RSS_KB) / 1024.0;
        }

        String failure() {
            return values.getOrDefault(ChildMarkers.ERROR, "exit code " + exitCode) + (stderrTail.isBlank() ? "" : "; stderr: " + stderrTail);
        }
    }

    private static final int STDERR_TAIL_CHARS = 600;

    private ChildJvm() {
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Lambda's Java runtime sizes the JVM from the function's MemorySize; as it does: heap at most 85% of it, and the
     * serial collector (one vCPU or less per environment).
     */
    static List<String> lambdaJvmFlags(int memoryMb) {
        return List.of("-XX:MaxHeapSize=" + (memoryMb * 85 / 100) + "m", "-XX:+UseSerialGC");
    }

    static Result run(String classpath, List<String> jvmFlags, String mainClass, List<String> args, Map<String, String> env,
            Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        Path stderr = null;
        try {
            stderr = Files.createTempFile("bench-child-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            Map<String, String> childEnv = builder.environment();
            String path = childEnv.get("PATH");
            childEnv.clear();
            if (path != null) {
                childEnv.put("PATH", path);
            }
            childEnv.putAll(env);
            long start = System.nanoTime();
            Process process = builder.start();
            Thread watchdog = watchdog(process, timeout);
            Map<String, String> values = new HashMap<>();
            Map<String, Double> arrivals = new HashMap<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(ChildMarkers.PREFIX)) {
                        double at = (System.nanoTime() - start) / 1e6;
                        String[] parts = line.substring(ChildMarkers.PREFIX.length()).split(" ", 2);
                        values.put(parts[0], parts.length > 1 ? parts[1] : "");
                        arrivals.put(parts[0], at);
                    }
                }
            }
            int exit = process.waitFor();
            watchdog.interrupt();
            return new Result(values, arrivals, exit, tail(stderr));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a child JVM ran", e);
        } finally {
            if (stderr != null) {
                stderr.toFile().delete();
            }
        }
    }

    private static Thread watchdog(Process process, Duration timeout) {
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                // the child ended first
            }
        }, "bench-child-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    /** The end of the child's stderr, without the JVM's note that it picked up JAVA_TOOL_OPTIONS. */
    private static String tail(Path stderr) throws IOException {
        String text = Files.readString(stderr, StandardCharsets.UTF_8).replaceAll("Picked up JAVA_TOOL_OPTIONS:[^\\n]*\\n?", "").strip();
        return text.length() <= STDERR_TAIL_CHARS ? text : "..." + text.substring(text.length() - STDERR_TAIL_CHARS);
    }
}
