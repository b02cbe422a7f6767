package dev.videojobs.local.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class FaultPlanTest {

    @Property(tries = 300)
    void shouldDecideEverySubjectsFaultsAlike_whenTheSameCallsArriveInAnotherOrder(@ForAll long seed,
            @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 4) Integer> arrivals) {
        // Arrange
        List<Integer> grouped = arrivals.stream().sorted().toList();

        // Act
        Map<Integer, List<String>> interleaved = decisions(chaos(seed), arrivals);
        Map<Integer, List<String>> oneAfterAnother = decisions(chaos(seed), grouped);

        // Assert
        assertThat(interleaved).isEqualTo(oneAfterAnother);
    }

    @Property(tries = 100)
    void shouldReplayTheSameFaults_whenTheSeedIsSetAgain(@ForAll long seed) {
        // Arrange
        List<Integer> arrivals = List.of(0, 1, 0, 2, 1, 0, 2, 2, 1, 0, 0, 1);
        FaultPlan plan = chaos(seed);
        Map<Integer, List<String>> first = decisions(plan, arrivals);

        // Act
        plan.setSeed(seed);
        Map<Integer, List<String>> replayed = decisions(plan, arrivals);

        // Assert
        assertThat(replayed).isEqualTo(first);
    }

    @Property(tries = 100)
    void shouldRoundTripTheSeedThroughJson_whenThePlanIsPosted(@ForAll long seed) throws Exception {
        // Act
        FaultPlan read = Json.MAPPER.readValue(Json.bytes(chaos(seed)), FaultPlan.class);

        // Assert
        assertThat(read.getSeed()).isEqualTo(seed);
        assertThat(read.draw("shot 1", "x", 3)).isEqualTo(FaultPlan.draw(seed, "shot 1", "x", 3));
    }

    private static FaultPlan chaos(long seed) {
        return new FaultPlan().setSeed(seed).setErrorRate(0.3).setErrorKinds(List.of("http_500", "timeout", "http_429"))
                .setCallbackDropRate(0.3).setCallbackDuplicateRate(0.3).setOutputTruncateRate(0.4);
    }

    /** What the plan decides for each call, per subject, calling subjects in the given order. */
    private static Map<Integer, List<String>> decisions(FaultPlan plan, List<Integer> arrivals) {
        Map<Integer, List<String>> bySubject = new TreeMap<>();
        Map<Integer, Integer> calls = new TreeMap<>();
        for (int subject : arrivals) {
            String name = "shot " + subject;
            int call = calls.merge(subject, 1, Integer::sum);
            String decision = switch (call % 3) {
                case 0 -> "submit " + plan.pickError("wavespeed", true, name);
                case 1 -> "query " + plan.pickError("wavespeed", false, name);
                default -> "callback x" + plan.callbackCopies(name) + " cut " + plan.cutsOff(name, 0, call);
            };
            bySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(decision);
        }
        return bySubject;
    }
}
