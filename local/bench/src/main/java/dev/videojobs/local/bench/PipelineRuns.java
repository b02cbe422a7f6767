package dev.videojobs.local.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The batches the throughput and cost benchmarks share, on one fresh stack whose provider finishes instantly: a
 * warm-up (discarded: first invocations create handlers and JIT-compile); the callback path as fast as the clients
 * go (capacity; latency there is mostly queueing behind the backlog, as every stage shares two cores); the callback
 * path again at half that rate (the latency the path itself adds); then the polling path (the simulator drops every
 * callback, so only the scheduled checks learn of completion).
 */
final class PipelineRuns {

    static final int CLIENTS = 4;
    private static final int WARM_UP_JOBS = 30;
    private static final Duration CALLBACK_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration POLLING_TIMEOUT = Duration.ofSeconds(60);

    /** Half the measured capacity: enough load to be realistic, little enough that queues stay short. */
    private static final double PACED_SHARE = 0.5;
    private static final Duration PACED_LENGTH = Duration.ofSeconds(30);

    private final PipelineRun.Result callback;
    private final PipelineRun.Result paced;
    private final PipelineRun.Result polling;
    private final int errorsLogged;
    private final List<String> firstErrors;

    private PipelineRuns(PipelineRun.Result callback, PipelineRun.Result paced, PipelineRun.Result polling, StderrCapture errors) {
        this.callback = callback;
        this.paced = paced;
        this.polling = polling;
        this.errorsLogged = errors.messages();
        this.firstErrors = errors.firstMessages();
    }

    /** 1,000 jobs on the callback path and a smaller polling batch (its checks wait for the schedule). */
    static PipelineRuns forThroughput(PrintStream log, Optional<Integer> jobs, Optional<Integer> pollingJobs) throws Exception {
        return run(log, jobs.orElse(1000), pollingJobs.orElse(200));
    }

    /** Enough jobs for stable per-job counts when the cost benchmark runs on its own. */
    static PipelineRuns forCost(PrintStream log, Optional<Integer> jobs, Optional<Integer> pollingJobs) throws Exception {
        return run(log, jobs.orElse(100), pollingJobs.orElse(100));
    }

    private static PipelineRuns run(PrintStream log, int callbackJobs, int pollingJobs) throws Exception {
        try (BenchStack stack = BenchStack.start(Duration.ZERO); ArrivalRecorder hooks = new ArrivalRecorder();
                StderrCapture errors = new StderrCapture()) {
            PipelineRun runner = new PipelineRun(stack, hooks, log);
            runner.run(PipelineRun.CALLBACK, WARM_UP_JOBS, CLIENTS, 0, Duration.ofSeconds(60));
            PipelineRun.Result callback = runner.run(PipelineRun.CALLBACK, callbackJobs, CLIENTS, 0, CALLBACK_TIMEOUT);
            double rate = Math.max(0.5, callback.jobsPerSecond() * PACED_SHARE);
            int pacedJobs = (int) Math.max(10, Math.round(rate * PACED_LENGTH.toSeconds()));
            PipelineRun.Result paced = runner.run(PipelineRun.CALLBACK, pacedJobs, CLIENTS, rate, CALLBACK_TIMEOUT);
            PipelineRun.Result polling = runner.run(PipelineRun.POLLING, pollingJobs, CLIENTS, 0, POLLING_TIMEOUT);
            return new PipelineRuns(callback, paced, polling, errors);
        }
    }

    PipelineRun.Result callback() {
        return callback;
    }

    /** The callback path at half its capacity. */
    PipelineRun.Result paced() {
        return paced;
    }

    PipelineRun.Result polling() {
        return polling;
    }

    /** What the functions and emulators logged to stderr during the batches (failed messages, 502s...). */
    String errorSummary() {
        return errorsLogged == 0 ? "no errors logged" : errorsLogged + " error message(s) logged, first: " + String.join(" | ", firstErrors);
    }
}
