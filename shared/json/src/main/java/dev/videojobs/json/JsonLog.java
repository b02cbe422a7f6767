package dev.videojobs.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileDescriptor;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One JSON line per event, in the fields of Lambda's JSON log format ({@code timestamp}, {@code level},
 * {@code message}) plus an {@code event} name and its own fields, so that logs can be queried by field rather than
 * parsed as prose, and the Lambda request id when a handler has set it ({@link #forRequest}). Written to the process's
 * standard error (file descriptor 2), which Lambda sends to CloudWatch as is; {@link #writeTo} hands the lines to
 * another sink (tests, the benchmark's quiet runs).
 */
public final class JsonLog {

    // Lambda runs one invocation at a time per container thread: the id of the one in progress
    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();
    private static final LineOutput STANDARD_ERROR = LineOutput.of(FileDescriptor.err);

    private JsonLog() {
    }

    /**
     * Sends every line to {@code lines} instead, until it is given back; returns the sink that was in place, to restore.
     * {@code null} restores standard error.
     */
    public static Consumer<String> writeTo(Consumer<String> lines) {
        return STANDARD_ERROR.redirect(lines);
    }

    /** The Lambda request this thread now works on, added to every line as {@code requestId} (Lambda's own name). */
    public static void forRequest(String awsRequestId) {
        if (awsRequestId == null) {
            REQUEST_ID.remove();
        } else {
            REQUEST_ID.set(awsRequestId);
        }
    }

    public static void info(String event, String message, Object... fields) {
        write("INFO", event, message, null, fields);
    }

    public static void warn(String event, String message, Object... fields) {
        write("WARN", event, message, null, fields);
    }

    /** An error with its cause's type and message (and the first frame of our code when the cause is ours to fix). */
    public static void error(String event, String message, Throwable cause, Object... fields) {
        write("ERROR", event, message, cause, fields);
    }

    /** {@code fields} are name, value pairs; a null value is left out. */
    private static void write(String level, String event, String message, Throwable cause, Object... fields) {
        ObjectNode line = Json.object().put("timestamp", Instant.now().toString()).put("level", level)
                .put("event", event).put("message", message);
        Optional.ofNullable(REQUEST_ID.get()).ifPresent(id -> line.put("requestId", id));
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (fields[i + 1] != null) {
                line.put(String.valueOf(fields[i]), String.valueOf(fields[i + 1]));
            }
        }
        if (cause != null) {
            line.put("error_type", cause.getClass().getName()).put("error_message", String.valueOf(cause.getMessage()));
            ourFrame(cause).ifPresent(frame -> line.put("at", frame));
        }
        STANDARD_ERROR.accept(Json.write(line));
    }

    private static Optional<String> ourFrame(Throwable cause) {
        for (StackTraceElement frame : cause.getStackTrace()) {
            if (frame.getClassName().startsWith("dev.videojobs.")) {
                return Optional.of(frame.toString());
            }
        }
        return Optional.empty();
    }
}
