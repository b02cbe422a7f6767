package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cold starts: each function of template.yaml in a fresh JVM on its own deployment jar, handler class, environment
 * and JAVA_TOOL_OPTIONS, handling one realistic event against the local stack; next to a reference JVM doing the
 * least any AWS SDK v2 function does (a default DynamoDbClient and one PutItem). Rounds interleave the reference and
 * the functions so that the machine's noise falls on both; each function is compared with the reference of its own
 * round, and the median of those ratios is checked against the target.
 */
final class ColdStartBench {

    static final String NAME = "cold";
    /** Targets per artifact, as ratios to the reference: the API's image work may cost more than a poll or a copy. */
    private static final Map<String, Double> TARGET_RATIO = Map.of("submit", 0.9, "poll", 0.7, "fetch", 0.7);
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(90);
    private static final String REFERENCE = "reference";
    private static final String TRACED_REFERENCE = "reference traced";
    private static final String METRICS = "metrics ";
    /** Where local/cli's build puts the jars of the libraries measured beside the functions (no function carries them). */
    private static final Path PROBE_LIBS = Path.of("local", "target", "probe-libs");
    /** Lambda's view of an invocation with active tracing: the X-Ray SDK takes the trace header and sends to the daemon. */
    private static final Map<String, String> TRACED_ENVIRONMENT = Map.of("LAMBDA_TASK_ROOT", "/var/task",
            "_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            "AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000", "AWS_XRAY_CONTEXT_MISSING", "IGNORE_ERROR");

    private final PrintStream log;
    private final int rounds;

    ColdStartBench(PrintStream log, int rounds) {
        this.log = log;
        this.rounds = rounds;
    }

    void run(BenchReport report) throws Exception {
        Path template = FunctionArtifact.templateFile();
        Path work = Files.createTempDirectory("bench-cold-");
        List<FunctionArtifact> functions = FunctionArtifact.load(template, work);
        Path launchers = LauncherClasses.extract();
        Path probes = template.getParent().resolve(PROBE_LIBS);
        Map<String, List<ColdRun>> runs = new LinkedHashMap<>();
        try (BenchStack stack = BenchStack.start(Duration.ZERO); ArrivalRecorder hooks = new ArrivalRecorder()) {
            JobFixtures fixtures = JobFixtures.create(stack, hooks);
            ColdEvents events = new ColdEvents(template.getParent().resolve("events"), work, stack, fixtures, hooks);
            for (int round = 1; round <= rounds; round++) {
                stack.awaitQuiet(Duration.ofMillis(400), Duration.ofSeconds(10));
                // the reference runs on the first function's jar (each has the SDK) with that function's environment
                runs.computeIfAbsent(REFERENCE, k -> new ArrayList<>()).add(reference(stack, functions.get(0), launchers));
                for (FunctionArtifact function : functions) {
                    ColdEvents.ColdEvent event = events.create(function.logicalId());
                    if (event != null) {
                        stack.awaitQuiet(Duration.ofMillis(400), Duration.ofSeconds(10));
                        runs.computeIfAbsent(function.logicalId(), k -> new ArrayList<>()).add(coldStart(stack, function, event, launchers));
                    }
                }
                // the libraries a function could carry, measured beside the first function's jar
                for (String library : MetricsLauncher.LIBRARIES) {
                    runs.computeIfAbsent(METRICS + library, k -> new ArrayList<>()).add(metricsProbe(stack, functions.get(0), launchers, probes, library));
                }
                runs.computeIfAbsent(TRACED_REFERENCE, k -> new ArrayList<>()).add(tracedReference(stack, functions.get(0), launchers, probes));
                log.printf("  cold: round %d of %d done%n", round, rounds);
            }
        } finally {
            deleteTree(work);
        }
        report(report, functions, runs);
    }

    private ColdRun reference(BenchStack stack, FunctionArtifact host, Path launchers) {
        String key = "bench-reference-" + UUID.randomUUID();
        ChildJvm.Result child = ChildJvm.run(LauncherClasses.classpath(host.jar(), launchers), ChildJvm.lambdaJvmFlags(host.memoryMb()),
                ReferenceLauncher.class.getName(), List.of(stack.table(), key), stack.environment(host.logicalId()), CHILD_TIMEOUT);
        stack.dynamo().deleteItem(delete -> delete.tableName(stack.table()).key(Map.of("pk", AttributeValue.fromS(key))));
        return ColdRun.from(child, true);
    }

    /** A fresh JVM emitting a function's first metric documents through {@code library} (none: the baseline). */
    private ColdRun metricsProbe(BenchStack stack, FunctionArtifact host, Path launchers, Path probes, String library) {
        String classpath = LauncherClasses.classpath(host.jar(), launchers)
                + (library.equals(MetricsLauncher.POWERTOOLS) ? probeJars(probes.resolve(MetricsLauncher.POWERTOOLS)) : "");
        ChildJvm.Result child = ChildJvm.run(classpath, ChildJvm.lambdaJvmFlags(host.memoryMb()), MetricsLauncher.class.getName(),
                List.of(library), stack.environment(host.logicalId()), CHILD_TIMEOUT);
        return ColdRun.from(child, true);
    }

    /** The reference with the X-Ray SDK's instrumentor on the classpath: a subsegment for the client's PutItem. */
    private ColdRun tracedReference(BenchStack stack, FunctionArtifact host, Path launchers, Path probes) {
        String key = "bench-reference-" + UUID.randomUUID();
        Map<String, String> environment = new LinkedHashMap<>(stack.environment(host.logicalId()));
        environment.putAll(TRACED_ENVIRONMENT);
        ChildJvm.Result child = ChildJvm.run(LauncherClasses.classpath(host.jar(), launchers) + probeJars(probes.resolve("xray-sdk")),
                ChildJvm.lambdaJvmFlags(host.memoryMb()), ReferenceLauncher.class.getName(), List.of(stack.table(), key), environment,
                CHILD_TIMEOUT);
        stack.dynamo().deleteItem(delete -> delete.tableName(stack.table()).key(Map.of("pk", AttributeValue.fromS(key))));
        return ColdRun.from(child, true);
    }

    /** ":a.jar:b.jar" for the jars in {@code dir}; a missing directory fails the run (its figure says so). */
    private static String probeJars(Path dir) {
        try (var jars = Files.list(dir)) {
            return jars.filter(jar -> jar.toString().endsWith(".jar")).sorted()
                    .map(jar -> java.io.File.pathSeparator + jar.toAbsolutePath()).reduce("", String::concat);
        } catch (java.io.IOException e) {
            return java.io.File.pathSeparator + dir.resolve("missing-run-mvn-package.jar");
        }
    }

    private ColdRun coldStart(BenchStack stack, FunctionArtifact function, ColdEvents.ColdEvent event, Path launchers) throws Exception {
        ChildJvm.Result child = ChildJvm.run(LauncherClasses.classpath(function.jar(), launchers),
                ChildJvm.lambdaJvmFlags(function.memoryMb()), ColdStartLauncher.class.getName(),
                List.of(function.handlerClass(), event.file().toString()), stack.environment(function.logicalId()), CHILD_TIMEOUT);
        // the effect may land a moment after the response (e.g. the copy's final write): give it a short while
        boolean didWork = false;
        for (int i = 0; i < 20 && !(didWork = event.didWork().getAsBoolean()); i++) {
            Thread.sleep(100);
        }
        ColdRun run = ColdRun.from(child, didWork);
        if (!run.ok()) {
            log.println("  cold: " + function.logicalId() + " run failed: " + run.problem());
        }
        return run;
    }

    private void report(BenchReport report, List<FunctionArtifact> functions, Map<String, List<ColdRun>> runs) {
        List<ColdRun> reference = runs.getOrDefault(REFERENCE, List.of());
        Stats referenceWall = stats(reference, ColdRun::wallMs);
        report.add(Figure.info(NAME, "reference JVM: default DynamoDbClient + 1 PutItem, wall to response", referenceWall, "ms",
                "same JVM flags and environment as the functions"));
        Stats referenceRss = stats(reference, ColdRun::peakRssMiB);
        report.add(Figure.info(NAME, "reference JVM peak RSS", referenceRss, "MiB", ""));
        ObjectNode details = report.details(NAME);
        details.putArray("reference").addAll(reference.stream().map(ColdRun::toJson).toList());
        for (FunctionArtifact function : functions) {
            List<ColdRun> own = runs.getOrDefault(function.logicalId(), List.of());
            double target = TARGET_RATIO.getOrDefault(function.artifactName(), 1.0);
            Stats ratio = pairedRatios(own, reference);
            Stats wall = stats(own, ColdRun::wallMs);
            String ref = String.format(Locale.ROOT, "ref %s ms; ratio %sx", BenchReport.format(referenceWall.median()),
                    BenchReport.format(ratio.median()));
            String goal = String.format(Locale.ROOT, "<= %.1fx ref", target);
            long failed = own.stream().filter(run -> !run.ok()).count();
            Figure figure = Figure.checked(NAME, function.logicalId() + " wall to response", wall, "ms", ref, goal, ratio.median() <= target);
            report.add(failed == 0 ? figure : figure.withNote(failed + " run(s) failed: " + own.stream().filter(r -> !r.ok())
                    .findFirst().map(ColdRun::problem).orElse("")));
            report.add(Figure.info(NAME, function.logicalId() + " peak RSS", stats(own, ColdRun::peakRssMiB), "MiB",
                    "ref " + BenchReport.format(referenceRss.median()) + " MiB"));
            ObjectNode node = details.with("functions").with(function.logicalId());
            node.put("artifact", function.jar().getFileName().toString()).put("artifact_bytes", function.jarBytes())
                    .put("handler", function.handlerClass()).put("memory_mb", function.memoryMb()).put("target_ratio", target);
            BenchReport.putNumber(node, "median_ratio_to_reference", ratio.median());
            node.putArray("runs").addAll(own.stream().map(ColdRun::toJson).toList());
            report.note(String.format(Locale.ROOT, "cold %s (median): JVM start to main %s ms, handler construction %s ms, "
                    + "first event %s ms, %s classes loaded", function.logicalId(), BenchReport.format(stats(own, ColdRun::mainMs).median()),
                    BenchReport.format(stats(own, ColdRun::initMs).median()), BenchReport.format(stats(own, ColdRun::handleMs).median()),
                    BenchReport.format(stats(own, ColdRun::classes).median())));
        }
        reportProbes(report, runs, reference, referenceWall);
        reportArtifactSizes(report, functions);
    }

    /** What a metrics library and SDK-call tracing would add to a cold start, each against its baseline of the same rounds. */
    private static void reportProbes(BenchReport report, Map<String, List<ColdRun>> runs, List<ColdRun> reference, Stats referenceWall) {
        List<ColdRun> none = runs.getOrDefault(METRICS + MetricsLauncher.NONE, List.of());
        ObjectNode details = report.details(NAME).with("probes");
        for (String library : MetricsLauncher.LIBRARIES) {
            List<ColdRun> own = runs.getOrDefault(METRICS + library, List.of());
            String context = library.equals(MetricsLauncher.NONE) ? "baseline: Jackson warmed, no metrics library"
                    : String.format(Locale.ROOT, "JVM wall to done %+.0f ms vs none (paired median); %s", pairedDifferences(own, none).median(),
                            failures(own));
            report.add(Figure.info(NAME, "metrics " + library + ": first 3 documents, in a fresh JVM", stats(own, ColdRun::handleMs), "ms", context));
            details.putArray(library).addAll(own.stream().map(ColdRun::toJson).toList());
        }
        List<ColdRun> traced = runs.getOrDefault(TRACED_REFERENCE, List.of());
        report.add(Figure.info(NAME, "reference + X-Ray SDK tracing each AWS SDK call, wall to response", stats(traced, ColdRun::wallMs), "ms",
                String.format(Locale.ROOT, "ref %s ms; %+.0f ms (paired median); %s", BenchReport.format(referenceWall.median()),
                        pairedDifferences(traced, reference).median(), failures(traced))));
        details.putArray("xray_sdk").addAll(traced.stream().map(ColdRun::toJson).toList());
    }

    private static String failures(List<ColdRun> runs) {
        return runs.stream().filter(run -> !run.ok()).findFirst().map(run -> "failed: " + run.problem()).orElse("every run ok");
    }

    /** Each run's wall time minus the baseline's of the same round. */
    private static Stats pairedDifferences(List<ColdRun> runs, List<ColdRun> baseline) {
        List<Double> differences = new ArrayList<>();
        for (int i = 0; i < Math.min(runs.size(), baseline.size()); i++) {
            if (runs.get(i).ok() && baseline.get(i).ok()) {
                differences.add(runs.get(i).wallMs() - baseline.get(i).wallMs());
            }
        }
        return Stats.of(differences);
    }

    private static void reportArtifactSizes(BenchReport report, List<FunctionArtifact> functions) {
        Map<String, List<String>> byJar = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (FunctionArtifact f : functions) {
            String jar = f.jar().getFileName().toString();
            byJar.computeIfAbsent(jar, k -> new ArrayList<>()).add(f.logicalId());
            sizes.put(jar, f.jarBytes());
        }
        byJar.forEach((jar, users) -> report.add(Figure.info(NAME, "artifact size " + jar, Stats.single(sizes.get(jar) / 1048576.0),
                "MiB", String.join(", ", users))));
    }

    /** Each run divided by the reference of the same round (same position in the lists). */
    private static Stats pairedRatios(List<ColdRun> runs, List<ColdRun> reference) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(runs.size(), reference.size()); i++) {
            if (runs.get(i).ok() && reference.get(i).ok()) {
                ratios.add(runs.get(i).wallMs() / reference.get(i).wallMs());
            }
        }
        return Stats.of(ratios);
    }

    private static Stats stats(List<ColdRun> runs, ToDoubleFunction<ColdRun> figure) {
        return Stats.of(runs.stream().filter(ColdRun::ok).map(run -> figure.applyAsDouble(run)).toList());
    }

    static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp directory: best effort
        }
    }
}
