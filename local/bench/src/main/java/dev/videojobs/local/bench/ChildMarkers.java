package dev.videojobs.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a benchmark child JVM reports to its parent: one {@code @@bench NAME VALUE} line per fact on stdout, flushed at
 * once so the parent can time its arrival. Runs in the child on a function's own classpath, so it uses the JDK only.
 */
final class ChildMarkers {

    static final String PREFIX = "@@bench ";

    static final String MAIN = "main";
    static final String INIT_MS = "init_ms";
    static final String RESPONSE = "response";
    static final String HANDLE_MS = "handle_ms";
    static final String PEAK_RSS_KB = "peak_rss_kb";
    static final String CLASSES = "classes_loaded";
    static final String BYTES = "bytes";
    static final String COPY_MS = "copy_ms";
    static final String ERROR = "error";

    private ChildMarkers() {
    }

    static void mark(String name, Object value) {
        String text = String.valueOf(value).replace('\n', ' ').replace('\r', ' ');
        System.out.println(PREFIX + name + " " + text);
        System.out.flush();
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** VmHWM: the most resident memory this process ever had, in KiB (-1 where /proc is missing). */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: the figure is reported as unknown
        }
        return -1;
    }

    /**
     * Reports peak RSS, then the number of classes loaded (read after the RSS: the management beans cost memory), and
     * exits at once: SDK and JDK background threads must not keep the child alive.
     */
    static void finish() {
        mark(PEAK_RSS_KB, peakRssKb());
        mark(CLASSES, java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        Runtime.getRuntime().halt(0);
    }

    static void fail(Throwable error) {
        error.printStackTrace();
        mark(ERROR, error);
        mark(PEAK_RSS_KB, peakRssKb());
        Runtime.getRuntime().halt(1);
    }
}
