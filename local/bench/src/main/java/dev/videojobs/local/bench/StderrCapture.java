package dev.videojobs.local.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes over System.err while the pipeline batches run: the in-process functions log their failures there (with
 * stack traces), which would bury the progress lines. Keeps a count and the first few messages for the report.
 */
final class StderrCapture implements AutoCloseable {

    private static final int KEPT = 3;

    private final PrintStream original = System.err;
    private final List<String> first = new ArrayList<>();
    private int messages;

    StderrCapture() {
        System.setErr(new PrintStream(new LineSink(), true, StandardCharsets.UTF_8));
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
