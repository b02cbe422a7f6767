package dev.videojobs.local.e2e;

import dev.videojobs.core.usecase.CopyOutputs;
import dev.videojobs.local.sim.FaultPlan;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One job of {@link ChaosEndToEndTest}: its number, prompt (the simulator's fault subject, so distinct per job), what
 * the seed makes of it, and the state it must end in. Everything here follows from the seed alone.
 */
record ChaosJob(int number, String prompt, Fate fate, String expectedStatus) {

    enum Fate { SUCCEEDS, DOOMED, CANCELLED }

    /**
     * {@code jobs} jobs, of which {@code doomed} have a prompt the provider fails and {@code cancelled} are cancelled at
     * once; which ones is drawn from the seed. A job whose every allowed output download the plan spoils must fail.
     */
    static List<ChaosJob> plan(FaultPlan faults, String doomedMarker, int jobs, int doomed, int cancelled) {
        List<Integer> shuffled = IntStream.range(0, jobs).boxed()
                .sorted(Comparator.comparingDouble(n -> faults.draw("chaos job " + n, "fate", 0))).toList();
        return IntStream.range(0, jobs).mapToObj(n -> {
            int rank = shuffled.indexOf(n);
            Fate fate = rank < doomed ? Fate.DOOMED : rank < doomed + cancelled ? Fate.CANCELLED : Fate.SUCCEEDS;
            String prompt = (fate == Fate.DOOMED ? doomedMarker + " " : "") + "shot " + n;
            return new ChaosJob(n, prompt, fate, expectedStatus(faults, prompt, fate));
        }).toList();
    }

    private static String expectedStatus(FaultPlan faults, String prompt, Fate fate) {
        return switch (fate) {
            case DOOMED -> "failed";
            case CANCELLED -> "cancelled";
            case SUCCEEDS -> IntStream.rangeClosed(1, CopyOutputs.MAX_ATTEMPTS)
                    .allMatch(download -> faults.failsDownload(download) || faults.cutsOff(prompt, 0, download))
                    ? "failed" : "succeeded";
        };
    }
}
