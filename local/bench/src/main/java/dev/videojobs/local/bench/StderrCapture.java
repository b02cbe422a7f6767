package dev.videojobs.local.bench;

import dev.videojobs.json.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Takes over System.err and the functions' JsonLog lines while the pipeline batches run: the in-process functions log
 * their failures (and the emulators their stack traces), which would bury the progress lines. Keeps a count and the
 * first few messages for the report.
 */
final class StderrCapture implements AutoCloseable {

    private static final int KEPT = 3;

    private final PrintStream original = System.err;
    private final Consumer<String> originalLog;
    private final List<String> first = new ArrayList<>();
    private int messages;

    StderrCapture() {
        System.setErr(new PrintStream(new LineSink(), true, StandardCharsets.UTF_8));
        originalLog = JsonLog.writeTo(this::line);
    }

    /** Messages logged (stack trace lines not counted). */
    synchronized int messages() {
        return messages;
    }

    synchronized List<String> firstMessages() {
        return List.copyOf(first);
    }

    private synchronized void line(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("at ") || trimmed.startsWith("... ") || trimmed.startsWith("Caused by")) {
            return;
        }
        messages++;
        if (first.size() < KEPT) {
            first.add(trimmed.length() > 300 ? trimmed.substring(0, 300) + "..." : trimmed);
        }
    }

    @Override
    public void close() {
        System.setErr(original);
        JsonLog.writeTo(originalLog);
    }

    /** Splits what is written into lines. */
    private final class LineSink extends OutputStream {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                line(buffer.toString(StandardCharsets.UTF_8));
                buffer.reset();
            } else {
                buffer.write(b);
            }
        }
    }
}
