package dev.videojobs.json;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Where a process writes its lines for CloudWatch Logs: a file descriptor (Lambda sends both 1 and 2 on as they are),
 * unless {@link #redirect} hands them to another sink (tests, the local stack, the benchmark's quiet runs).
 */
public final class LineOutput implements Consumer<String> {

    private final Consumer<String> standard;
    private volatile Consumer<String> sink;

    private LineOutput(Consumer<String> standard) {
        this.standard = standard;
        this.sink = standard;
    }

    /** Lines on {@code descriptor} (println is synchronized: lines of concurrent threads never interleave). */
    public static LineOutput of(FileDescriptor descriptor) {
        PrintStream out = new PrintStream(new FileOutputStream(descriptor), true, StandardCharsets.UTF_8);
        return new LineOutput(out::println);
    }

    @Override
    public void accept(String line) {
        sink.accept(line);
    }

    /**
     * Sends every line to {@code lines} instead, until it is given back; returns the sink that was in place, to restore.
     * {@code null} restores the file descriptor.
     */
    public Consumer<String> redirect(Consumer<String> lines) {
        Consumer<String> previous = sink;
        sink = lines == null ? standard : lines;
        return previous;
    }
}
