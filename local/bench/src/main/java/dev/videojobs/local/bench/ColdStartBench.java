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
        reportArtifactSizes(report, functions);
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
