package dev.videojobs.local.cli;

import dev.videojobs.local.bench.Benchmarks;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code bench [cold|copy|throughput|cost|all]}: runs the benchmarks ({@link Benchmarks}), prints one table of figures
 * (median, min, max, the reference measured in the same run, the target and whether it is met) and writes
 * bench-results.json in the working directory. A benchmark never fails the build: missed targets are reported, not thrown.
 */
@Command(name = "bench", description = "Run the benchmarks from the repository root; print the figures and write bench-results.json.")
public final class BenchCommand implements Callable<Integer> {

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
        Benchmarks.run(which, new Benchmarks.Settings(rounds, copies, jobs, pollingJobs), out);
        return 0;
    }

    /** One of the benchmarks, or all. */
    static final class Benchmark implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.equals("all") && !Benchmarks.ALL.contains(value)) {
                throw new TypeConversionException("unknown benchmark '" + value + "' (" + String.join(", ", Benchmarks.ALL) + " or all)");
            }
            return value;
        }
    }
}
