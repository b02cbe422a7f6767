package dev.videojobs.local.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * The batches the throughput and cost benchmarks share, on one fresh stack whose provider finishes instantly: a
 * warm-up (discarded: first invocations create handlers and JIT-compile), then the callback path, then the polling
 * path (the simulator drops every callback, so only the scheduled checks learn of completion).
 */
final class PipelineRuns {

    static final int CLIENTS = 4;
    private static final int WARM_UP_JOBS = 30;
    private static final Duration CALLBACK_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration POLLING_TIMEOUT = Duration.ofSeconds(60);

    private final PipelineRun.Result callback;
    private final PipelineRun.Result polling;

    private PipelineRuns(PipelineRun.Result callback, PipelineRun.Result polling) {
        this.callback = callback;
        this.polling = polling;
    }

    /** 1,000 jobs on the callback path and a smaller polling batch (its checks wait for the schedule). */
    static PipelineRuns forThroughput(PrintStream log, Map<String, String> options) throws Exception {
        return run(log, BenchCommand.intOption(options, "jobs", 1000), BenchCommand.intOption(options, "polling-jobs", 200));
    }

    /** Enough jobs for stable per-job counts when the cost benchmark runs on its own. */
    static PipelineRuns forCost(PrintStream log, Map<String, String> options) throws Exception {
        return run(log, BenchCommand.intOption(options, "jobs", 200), BenchCommand.intOption(options, "polling-jobs", 100));
    }

    private static PipelineRuns run(PrintStream log, int callbackJobs, int pollingJobs) throws Exception {
        try (BenchStack stack = BenchStack.start(Duration.ZERO); ArrivalRecorder hooks = new ArrivalRecorder()) {
            PipelineRun runner = new PipelineRun(stack, hooks, log);
            runner.run(PipelineRun.CALLBACK, WARM_UP_JOBS, CLIENTS, Duration.ofSeconds(60));
            log.println("  pipeline: warm-up done");
            PipelineRun.Result callback = runner.run(PipelineRun.CALLBACK, callbackJobs, CLIENTS, CALLBACK_TIMEOUT);
            log.printf("  pipeline: callback path, %d jobs in %.1f s%n", callback.completed(), callback.elapsedSeconds());
            PipelineRun.Result polling = runner.run(PipelineRun.POLLING, pollingJobs, CLIENTS, POLLING_TIMEOUT);
            log.printf("  pipeline: polling path, %d jobs in %.1f s%n", polling.completed(), polling.elapsedSeconds());
            return new PipelineRuns(callback, polling);
        }
    }

    PipelineRun.Result callback() {
        return callback;
    }

    PipelineRun.Result polling() {
        return polling;
    }
}
