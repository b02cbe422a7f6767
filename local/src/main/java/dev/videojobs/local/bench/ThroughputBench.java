package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Throughput and latency of the whole pipeline on the local stack (every function, emulator and the simulator share
 * this machine's cores): jobs per second, CPU per job, and provider-finish-to-webhook latency on the callback path
 * (target p50 <= 1 s) and on the polling path.
 */
final class ThroughputBench {

    static final String NAME = "throughput";
    private static final double CALLBACK_P50_TARGET_MS = 1000;

    void report(PipelineRuns runs, BenchReport report) {
        for (PipelineRun.Result run : List.of(runs.callback(), runs.polling())) {
            String path = run.path() + " path";
            report.add(Figure.info(NAME, path + ": jobs per second", Stats.single(run.jobsPerSecond()), "jobs/s",
                    String.format(Locale.ROOT, "%d of %d jobs, first submit to last webhook %.1f s, %d clients", run.completed(),
                            run.submitted() + run.submitFailures(), run.elapsedSeconds(), PipelineRuns.CLIENTS)));
            report.add(Figure.info(NAME, path + ": CPU per job, whole process", Stats.single(run.processCpuMs() / run.completed()), "ms",
                    "process CPU time delta / jobs: functions, emulators, simulator and clients together"));
            double functionCpu = run.functionCpuMs().values().stream().mapToDouble(Double::doubleValue).sum();
            report.add(Figure.info(NAME, path + ": CPU per job, function threads", Stats.single(functionCpu / run.completed()), "ms",
                    "CPU time of the lambda-<Function> threads / jobs"));
            Stats p50 = latency(run.latencyMs());
            Figure median = run.path().equals(PipelineRun.CALLBACK)
                    ? Figure.checked(NAME, path + ": provider done to webhook, p50", p50, "ms", "min and max over the jobs",
                            "<= " + (int) CALLBACK_P50_TARGET_MS + " ms", p50.median() <= CALLBACK_P50_TARGET_MS)
                    : Figure.info(NAME, path + ": provider done to webhook, p50", p50, "ms",
                            "first check at the model's expected run time (120 s) x TIME_SCALE 0.05");
            report.add(median);
            report.add(Figure.info(NAME, path + ": provider done to webhook, p99", Stats.single(Stats.percentile(run.latencyMs(), 99)), "ms", ""));
            report.note(String.format(Locale.ROOT, "%s: p50 provider done to job noticing it %s ms, job noticing it to webhook %s ms "
                    + "(job's provider_finished_at)", path, BenchReport.format(Stats.percentile(run.noticedMs(), 50)),
                    BenchReport.format(Stats.percentile(run.deliveredMs(), 50))));
            details(report.details(NAME).with(run.path()), run);
        }
        report.note("provider done = the simulator's own report of the task (WaveSpeed result: created_at + timings.inference); "
                + "webhook = arrival at the benchmark's receiver; same wall clock");
    }

    private static Stats latency(List<Double> samples) {
        if (samples.isEmpty()) {
            return Stats.of(List.of());
        }
        return new Stats(Stats.percentile(samples, 50), samples.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), samples.size());
    }

    private static void details(ObjectNode node, PipelineRun.Result run) {
        node.put("submitted", run.submitted()).put("completed", run.completed()).put("submit_failures", run.submitFailures())
                .put("elapsed_s", run.elapsedSeconds()).put("process_cpu_ms", run.processCpuMs());
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
