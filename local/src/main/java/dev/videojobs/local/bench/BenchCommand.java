package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code bench [cold|copy|throughput|cost|all]}: runs the benchmarks, prints one table of figures (median, min, max,
 * the reference measured in the same run, the target and whether it is met) and writes bench-results.json in the
 * working directory. A benchmark never fails the build: missed targets are reported, not thrown.
 */
public final class BenchCommand {

    static final Path RESULTS = Path.of("bench-results.json");
    private static final List<String> ALL = List.of("cold", "copy", "throughput", "cost");

    private final PrintStream out;

    public BenchCommand(PrintStream out) {
        this.out = out;
    }

    public int run(String which, Map<String, String> options) throws Exception {
        List<String> selected = which.equals("all") ? ALL : List.of(which);
        if (!ALL.containsAll(selected)) {
            System.err.println("bench: unknown benchmark '" + which + "' (cold, copy, throughput, cost or all)");
            return 2;
        }
        long start = System.nanoTime();
        ObjectNode machine = Machine.describe();
        out.println("video-jobs bench " + which + " on " + Machine.summary(machine));
        BenchReport report = new BenchReport();
        PipelineRuns pipeline = null;
        for (String benchmark : selected) {
            out.println("running " + benchmark + "...");
            try {
                switch (benchmark) {
                    case "cold" -> new ColdStartBench(out, intOption(options, "rounds", 5)).run(report);
                    case "copy" -> new CopyBench(out, intOption(options, "copies", 3)).run(report);
                    case "throughput" -> {
                        pipeline = PipelineRuns.forThroughput(out, options);
                        new ThroughputBench().report(pipeline, report);
                    }
                    case "cost" -> new CostBench().report(pipeline != null ? pipeline : PipelineRuns.forCost(out, options), report);
                    default -> throw new IllegalStateException(benchmark);
                }
            } catch (Exception | Error e) {
                // one broken benchmark must not lose the others' figures
                out.println("  " + benchmark + " could not run: " + e);
                e.printStackTrace(out);
                report.note(benchmark + ": could not run (" + e + ")");
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        out.println();
        report.printTable(out);
        report.writeJson(RESULTS, machine, "bench " + which, elapsed);
        out.printf("%nwrote %s; bench %s took %.0f s%n", RESULTS.toAbsolutePath(), which, elapsed);
        return 0;
    }

    static int intOption(Map<String, String> options, String name, int fallback) {
        return options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
    }
}
