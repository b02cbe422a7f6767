package dev.videojobs.adapter.lambda;

import dev.videojobs.json.JsonLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart: before Lambda snapshots an initialised container, run one real request through the SDK clients and
 * Jackson, so class loading, marshallers and serializers are warm in the snapshot rather than on the first call.
 * Outside SnapStart (and locally) nothing calls it.
 */
public final class SnapStartPriming implements Resource {

    // org.crac holds resources weakly: keep them reachable for the container's life
    private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

    private final Runnable prime;

    private SnapStartPriming(Runnable prime) {
        this.prime = prime;
    }

    public static void register(Runnable prime) {
        SnapStartPriming resource = new SnapStartPriming(prime);
        REGISTERED.add(resource);
        Core.getGlobalContext().register(resource);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            prime.run();
        } catch (RuntimeException e) {
            // priming is an optimisation: a failure here must not stop the snapshot
            JsonLog.error("priming_failed", "SnapStart priming failed; the snapshot is taken without it", e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to refresh: clients hold no per-container state worth resetting
    }
}
