package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.local.cli.OptionValues;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code bench [cold|copy|throughput|cost|all]}: runs the benchmarks, prints one table of figures (median, min, max,
 * the reference measured in the same run, the target and whether it is met) and writes bench-results.json in the
 * working directory. A benchmark never fails the build: missed targets are reported, not thrown.
 */
@Command(name = "bench", description = "Run the benchmarks from the repository root; print the figures and write bench-results.json.")
public final class BenchCommand implements Callable<Integer> {

    static final Path RESULTS = Path.of("bench-results.json");
    private static final List<String> ALL = List.of("cold", "copy", "throughput", "cost");

    @Parameters(arity = "0..1", paramLabel = "cold|copy|throughput|cost|all", defaultValue = "all", converter = Benchmark.class,
            description = "Which benchmark (default: ${DEFAULT-VALUE}).")
    private String which;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5", converter = OptionValues.PositiveInteger.class,
            description = "cold: rounds of fresh JVMs, each function and the reference once a round (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--copies", paramLabel = "N", defaultValue = "3", converter = OptionValues.PositiveInteger.class,
            description = "copy: copies and reference downloads per output size (default: ${DEFAULT-VALUE}).")
    private int copies;

    @Option(names = "--jobs", paramLabel = "N", converter = OptionValues.PositiveInteger.class,
            description = "throughput and cost: jobs on the callback path (default: 1000 for throughput, 100 for cost alone).")
    private Optional<Integer> jobs;

    @Option(names = "--polling-jobs", paramLabel = "N", converter = OptionValues.PositiveInteger.class,
            description = "throughput and cost: jobs on the polling path (default: 200 for throughput, 100 for cost alone).")
    private Optional<Integer> pollingJobs;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
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
                    case "cold" -> new ColdStartBench(out, rounds).run(report);
                    case "copy" -> new CopyBench(out, copies).run(report);
                    case "throughput" -> {
                        pipeline = PipelineRuns.forThroughput(out, jobs, pollingJobs);
                        new ThroughputBench().report(pipeline, report);
                    }
                    case "cost" -> new CostBench().report(pipeline != null ? pipeline : PipelineRuns.forCost(out, jobs, pollingJobs), report);
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

    /** One of the benchmarks, or all. */
    static final class Benchmark implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.equals("all") && !ALL.contains(value)) {
                throw new TypeConversionException("unknown benchmark '" + value + "' (" + String.join(", ", ALL) + " or all)");
            }
            return value;
        }
    }
}
