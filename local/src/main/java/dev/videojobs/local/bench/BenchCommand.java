package dev.videojobs.local.bench;

import java.io.PrintStream;
import java.util.Map;

/** Placeholder: the benchmark suite replaces this class. */
public final class BenchCommand {

    private final PrintStream out;

    public BenchCommand(PrintStream out) {
        this.out = out;
    }

    public int run(String which, Map<String, String> options) {
        out.println("bench " + which + ": not built yet");
        return 0;
    }
}
