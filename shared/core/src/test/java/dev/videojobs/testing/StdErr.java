package dev.videojobs.testing;

import dev.videojobs.json.JsonLog;
import java.util.function.Consumer;

/** The log lines (JsonLog) that code under test writes while {@code action} runs, one per line. */
public final class StdErr {

    private StdErr() {}

    public static String of(Runnable action) {
        StringBuffer captured = new StringBuffer();
        Consumer<String> previous = JsonLog.writeTo(line -> captured.append(line).append('\n'));
        try {
            action.run();
        } finally {
            JsonLog.writeTo(previous);
        }
        return captured.toString();
    }
}
