package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fetch path's copy of a provider output into S3, in a process of its own (FetchFunction's jar, environment and
 * JVM settings), apart from the emulators: throughput and peak RSS for a 50 MiB and a 2 GiB output. The reference is
 * a plain HttpURLConnection download of the same bytes, thrown away, in the same kind of child and the same rounds.
 * One more copy per size runs with C2 allowed, to show what the template's C1-only JVM flag costs this path.
 */
final class CopyBench {

    static final String NAME = "copy";
    private static final long MIB = 1024 * 1024;
    private static final List<Long> SIZES = List.of(50 * MIB, 2048 * MIB);
    private static final double MAX_RSS_MIB = 256;
    private static final double MAX_RSS_GROWTH = 1.2;
    private static final double MIN_THROUGHPUT_RATIO = 0.8;
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(4);

    /** One copy or download: MiB/s over the transfer itself (JVM start excluded), and the child's peak RSS. */
    private record Transfer(double mibPerSecond, double peakRssMiB, boolean ok, String problem) {
    }

    private final PrintStream log;
    private final int rounds;

    CopyBench(PrintStream log, int rounds) {
        this.log = log;
        this.rounds = rounds;
    }

    void run(BenchReport report) throws Exception {
        Path work = Files.createTempDirectory("bench-copy-");
        try (BenchStack stack = BenchStack.start(Duration.ofSeconds(2)); GeneratedVideoServer provider = new GeneratedVideoServer()) {
            FunctionArtifact fetch = FunctionArtifact.load(FunctionArtifact.templateFile(), work).stream()
                    .filter(f -> f.logicalId().equals("FetchFunction")).findFirst().orElseThrow();
            Child child = new Child(stack, fetch, LauncherClasses.extract(), provider);
            double rss50 = Double.NaN;
            for (long size : SIZES) {
                List<Transfer> copies = new ArrayList<>();
                List<Transfer> downloads = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    downloads.add(child.download(size));
                    copies.add(child.copy(size, child.functionEnvironment()));
                    log.printf("  copy: %d MiB round %d of %d done%n", size / MIB, round, rounds);
                }
                double rss = report(report, size, copies, downloads, rss50);
                rss50 = size == SIZES.get(0) ? rss : rss50;
                whatIfC2(report, size, child.copy(size, child.withoutC1Only()));
            }
        } finally {
            ColdStartBench.deleteTree(work);
        }
    }

    /** One copy with C2 allowed: how much of the copy's time the template's C1-only flag costs (SHA-256 intrinsics). */
    private static void whatIfC2(BenchReport report, long size, Transfer copy) {
        Stats rate = Stats.single(copy.ok() ? copy.mibPerSecond() : Double.NaN);
        report.add(Figure.info(NAME, label(size) + " copy throughput, what-if: C2 allowed", rate, "MiB/s",
                "one run, JAVA_TOOL_OPTIONS without -XX:TieredStopAtLevel=1"));
    }

    /** Child JVMs on FetchFunction's jar and settings, reading from the generated provider output. */
    private final class Child {
        private final BenchStack stack;
        private final FunctionArtifact fetch;
        private final Path launchers;
        private final GeneratedVideoServer provider;
        private int copies;

        Child(BenchStack stack, FunctionArtifact fetch, Path launchers, GeneratedVideoServer provider) {
            this.stack = stack;
            this.fetch = fetch;
            this.launchers = launchers;
            this.provider = provider;
        }

        Map<String, String> functionEnvironment() {
            return stack.environment(fetch.logicalId());
        }

        Map<String, String> withoutC1Only() {
            Map<String, String> env = new HashMap<>(functionEnvironment());
            env.computeIfPresent("JAVA_TOOL_OPTIONS", (k, v) -> v.replace("-XX:TieredStopAtLevel=1", "").strip());
            return env;
        }

        Transfer download(long size) {
            return transfer(List.of("download", provider.url(size).toString()), size, functionEnvironment());
        }

        /** Copies into a key of its own, deleted afterwards (S3Proxy keeps objects on disk). */
        Transfer copy(long size, Map<String, String> env) {
            String key = "outputs/bench/copy-" + size + "-" + (++copies) + ".mp4";
            try {
                return transfer(List.of("copy", provider.url(size).toString(), key), size, env);
            } finally {
                stack.s3().deleteObject(delete -> delete.bucket(stack.bucket()).key(key));
            }
        }

        private Transfer transfer(List<String> args, long size, Map<String, String> env) {
            ChildJvm.Result child = ChildJvm.run(LauncherClasses.classpath(fetch.jar(), launchers), ChildJvm.lambdaJvmFlags(fetch.memoryMb()),
                    CopyLauncher.class.getName(), args, env, CHILD_TIMEOUT);
            double bytes = child.number(ChildMarkers.BYTES);
            String response = child.value(ChildMarkers.RESPONSE);
            boolean copied = args.get(0).equals("download") ? "status 200".equals(response)
                    : response != null && response.startsWith("video/mp4");
            String problem = !child.ok() ? child.failure() : bytes != size ? "moved " + bytes + " of " + size + " bytes"
                    : !copied ? "unexpected result " + response : "";
            if (!problem.isEmpty()) {
                log.println("  copy: " + args.get(0) + " failed: " + problem);
            }
            double seconds = child.number(ChildMarkers.COPY_MS) / 1000.0;
            return new Transfer(size / (double) MIB / seconds, child.peakRssMiB(), problem.isEmpty(), problem);
        }
    }

    private static String label(long size) {
        return size >= 1024 * MIB ? size / (1024 * MIB) + " GiB" : size / MIB + " MiB";
    }

    /** Adds the figures of one size; returns the copy's median peak RSS. */
    private static double report(BenchReport report, long size, List<Transfer> copies, List<Transfer> downloads, double rss50) {
        String label = label(size);
        Stats copyRate = Stats.of(copies.stream().filter(Transfer::ok).map(Transfer::mibPerSecond).toList());
        Stats downloadRate = Stats.of(downloads.stream().filter(Transfer::ok).map(Transfer::mibPerSecond).toList());
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < copies.size(); i++) {
            if (copies.get(i).ok() && downloads.get(i).ok()) {
                ratios.add(copies.get(i).mibPerSecond() / downloads.get(i).mibPerSecond());
            }
        }
        Stats ratio = Stats.of(ratios);
        report.add(Figure.checked(NAME, label + " copy throughput", copyRate, "MiB/s",
                String.format(Locale.ROOT, "download %s MiB/s; ratio %sx", BenchReport.format(downloadRate.median()),
                        BenchReport.format(ratio.median())),
                ">= " + MIN_THROUGHPUT_RATIO + "x download", ratio.median() >= MIN_THROUGHPUT_RATIO));
        Stats rss = Stats.of(copies.stream().filter(Transfer::ok).map(Transfer::peakRssMiB).toList());
        Stats downloadRss = Stats.of(downloads.stream().filter(Transfer::ok).map(Transfer::peakRssMiB).toList());
        report.add(Figure.checked(NAME, label + " copy peak RSS", rss, "MiB", "download " + BenchReport.format(downloadRss.median()) + " MiB",
                "<= " + (int) MAX_RSS_MIB + " MiB", rss.median() <= MAX_RSS_MIB));
        if (!Double.isNaN(rss50) && size != SIZES.get(0)) {
            double growth = rss.median() / rss50;
            report.add(Figure.checked(NAME, label + " / 50 MiB copy peak RSS", Stats.single(growth), "x",
                    "50 MiB " + BenchReport.format(rss50) + " MiB", "<= " + MAX_RSS_GROWTH + "x", growth <= MAX_RSS_GROWTH));
        }
        ObjectNode details = report.details(NAME).with(label.replace(" ", ""));
        details.put("bytes", size);
        put(details.putArray("copies"), copies);
        put(details.putArray("downloads"), downloads);
        long failed = copies.stream().filter(t -> !t.ok()).count() + downloads.stream().filter(t -> !t.ok()).count();
        if (failed > 0) {
            report.note("copy " + label + ": " + failed + " transfer(s) failed, e.g. " + copies.stream().filter(t -> !t.ok())
                    .findFirst().or(() -> downloads.stream().filter(t -> !t.ok()).findFirst()).map(Transfer::problem).orElse(""));
        }
        return rss.median();
    }

    private static void put(ArrayNode array, List<Transfer> transfers) {
        for (Transfer t : transfers) {
            ObjectNode node = array.addObject();
            BenchReport.putNumber(node, "mib_per_s", t.mibPerSecond());
            BenchReport.putNumber(node, "peak_rss_mib", t.peakRssMiB());
            node.put("ok", t.ok());
            if (!t.ok()) {
                node.put("problem", t.problem());
            }
        }
    }
}
