package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The benchmarks (cold, copy, throughput, cost): runs the selected ones, prints one table of figures (median, min, max,
 * the reference measured in the same run, the target and whether it is met) and writes bench-results.json in the
 * working directory. A benchmark never fails the build: missed targets are reported, not thrown. The local jar's
 * {@code bench} command parses its options into {@link Settings} and calls {@link #run}.
 */
public final class Benchmarks {

    public static final Path RESULTS = Path.of("bench-results.json");
    /** The benchmarks by name, in the order {@code all} runs them. */
    public static final List<String> ALL = List.of("cold", "copy", "throughput", "cost");

    /**
     * What the benchmarks take: {@code rounds} (cold), {@code copies} (copy), {@code jobs} and {@code pollingJobs}
     * (throughput and cost; empty: each benchmark's default).
     */
    public record Settings(int rounds, int copies, Optional<Integer> jobs, Optional<Integer> pollingJobs) {
    }

    private Benchmarks() {
    }

    /** Runs {@code which}, one of {@link #ALL} or {@code all}, printing progress and the table to {@code out}. */
    public static void run(String which, Settings settings, PrintStream out) throws IOException {
        List<String> selected = which.equals("all") ? ALL : List.of(which);
        long start = System.nanoTime();
        ObjectNode machine = Machine.describe();
        out.println("video-jobs bench " + which + " on " + Machine.summary(machine));
        BenchReport report = new BenchReport();
        PipelineRuns pipeline = null;
        for (String benchmark : selected) {
            out.println("running " + benchmark + "...");
            try {
                switch (benchmark) {
                    case "cold" -> new ColdStartBench(out, settings.rounds()).run(report);
                    case "copy" -> new CopyBench(out, settings.copies()).run(report);
                    case "throughput" -> {
                        pipeline = PipelineRuns.forThroughput(out, settings.jobs(), settings.pollingJobs());
                        new ThroughputBench().report(pipeline, report);
                    }
                    case "cost" -> new CostBench().report(pipeline != null ? pipeline
                            : PipelineRuns.forCost(out, settings.jobs(), settings.pollingJobs()), report);
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
    }
}
