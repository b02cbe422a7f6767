package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Throughput and latency of the whole pipeline on the local stack, where every function, emulator and the simulator
 * share this machine's cores: jobs per second and CPU per job at capacity, and the latency from the provider
 * finishing to the client's webhook arriving, on the callback path (target p50 <= 1 s) at capacity and at half of
 * it, and on the polling path.
 */
final class ThroughputBench {

    static final String NAME = "throughput";
    private static final double CALLBACK_P50_TARGET_MS = 1000;
    /** A callback is applied within milliseconds; the first check comes seconds later (6 s here, 120 s on AWS). */
    private static final double CHECK_NOT_CALLBACK_MS = 1000;

    void report(PipelineRuns runs, BenchReport report) {
        capacity(report, runs.callback(), "callback path, capacity");
        latency(report, runs.callback(), "callback path, capacity", "mostly queueing: the backlog of a closed loop at capacity");
        PipelineRun.Result paced = runs.paced();
        String pacedLabel = String.format(Locale.ROOT, "callback path at %.1f jobs/s", paced.offeredPerSecond());
        report.add(Figure.info(NAME, pacedLabel + ": jobs per second", Stats.single(paced.jobsPerSecond()), "jobs/s",
                String.format(Locale.ROOT, "offered %.1f jobs/s (half the capacity), %d jobs", paced.offeredPerSecond(), paced.completed())));
        latency(report, paced, pacedLabel, "the path's own latency, queues short");
        capacity(report, runs.polling(), "polling path");
        latency(report, runs.polling(), "polling path", "first check at the model's expected run time, 120 s x TIME_SCALE 0.05");
        report.note("throughput: provider done = the simulator's own report of the task (WaveSpeed result: created_at + "
                + "timings.inference); webhook = its arrival at the benchmark's receiver; one wall clock. CPU per job, whole "
                + "process = process CPU time delta / jobs, so the emulators, simulator and clients are included");
        report.note("throughput batches: " + runs.errorSummary());
        for (PipelineRun.Result run : List.of(runs.callback(), paced, runs.polling())) {
            details(report.details(NAME).with(run.path() + (run.offeredPerSecond() > 0 ? "_paced" : "")), run);
        }
    }

    private static void capacity(BenchReport report, PipelineRun.Result run, String label) {
        report.add(Figure.info(NAME, label + ": jobs per second", Stats.single(run.jobsPerSecond()), "jobs/s",
                String.format(Locale.ROOT, "%d of %d jobs, first submit to last webhook %.1f s, %d clients", run.completed(),
                        run.submitted() + run.submitFailures(), run.elapsedSeconds(), PipelineRuns.CLIENTS)));
        report.add(Figure.info(NAME, label + ": CPU per job, whole process", Stats.single(run.processCpuMs() / run.completed()), "ms",
                "process CPU time delta / jobs"));
        double functionCpu = run.functionCpuMs().values().stream().mapToDouble(Double::doubleValue).sum();
        report.add(Figure.info(NAME, label + ": CPU per job, function threads", Stats.single(functionCpu / run.completed()), "ms",
                "CPU time of the lambda-<Function> threads / jobs"));
    }

    private static void latency(BenchReport report, PipelineRun.Result run, String label, String context) {
        Stats p50 = percentiles(run.latencyMs());
        String name = label + ": provider done to webhook, p50 (min, max)";
        String target = "<= " + (int) CALLBACK_P50_TARGET_MS + " ms";
        report.add(run.path().equals(PipelineRun.CALLBACK)
                ? Figure.checked(NAME, name, p50, "ms", context, target, p50.median() <= CALLBACK_P50_TARGET_MS)
                : Figure.info(NAME, name, p50, "ms", context));
        report.add(Figure.info(NAME, label + ": provider done to webhook, p99", Stats.single(Stats.percentile(run.latencyMs(), 99)), "ms", ""));
        if (run.path().equals(PipelineRun.CALLBACK)) {
            long late = run.noticedMs().stream().filter(ms -> ms > CHECK_NOT_CALLBACK_MS).count();
            report.add(Figure.info(NAME, label + ": jobs that learned of completion from a check, not the callback",
                    Stats.single(100.0 * late / Math.max(1, run.noticedMs().size())), "%",
                    "provider_finished_at more than 1 s after the provider finished"));
        }
        report.note(String.format(Locale.ROOT, "%s: p50 from the provider finishing to the job noticing it (its provider_finished_at) "
                + "%s ms, from then to the webhook %s ms", label, BenchReport.format(Stats.percentile(run.noticedMs(), 50)),
                BenchReport.format(Stats.percentile(run.deliveredMs(), 50))));
    }

    /** p50 as the figure, with the fastest and slowest job as its min and max. */
    private static Stats percentiles(List<Double> samples) {
        if (samples.isEmpty()) {
            return Stats.of(List.of());
        }
        return new Stats(Stats.percentile(samples, 50), samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                samples.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), samples.size());
    }

    private static void details(ObjectNode node, PipelineRun.Result run) {
        node.put("offered_jobs_per_s", run.offeredPerSecond()).put("submitted", run.submitted()).put("completed", run.completed())
                .put("submit_failures", run.submitFailures()).put("elapsed_s", run.elapsedSeconds()).put("process_cpu_ms", run.processCpuMs());
        node.putPOJO("function_cpu_ms", run.functionCpuMs());
        node.putPOJO("function_busy_s", run.busySeconds());
        node.putPOJO("invocations", run.invocations());
        for (int p : new int[] {50, 90, 99}) {
            BenchReport.putNumber(node, "latency_p" + p + "_ms", Stats.percentile(run.latencyMs(), p));
            BenchReport.putNumber(node, "noticed_p" + p + "_ms", Stats.percentile(run.noticedMs(), p));
            BenchReport.putNumber(node, "delivered_p" + p + "_ms", Stats.percentile(run.deliveredMs(), p));
        }
    }
}
