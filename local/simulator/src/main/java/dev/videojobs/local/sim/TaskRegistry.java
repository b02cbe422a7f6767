package dev.videojobs.local.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every task the simulator accepted, in arrival order. Admission checks and insertion are one atomic step. */
final class TaskRegistry {
    enum Admission { ACCEPTED, TOO_MANY_RUNNING, DUPLICATE_EXTERNAL_ID }

    private final List<SimTask> tasks = new ArrayList<>();

    /** Adds the task unless {@code maxConcurrent} (0 = no limit) unfinished tasks of its provider exist. */
    synchronized Admission admit(SimTask task, int maxConcurrent) {
        if (maxConcurrent > 0 && unfinished(task.provider) >= maxConcurrent) {
            return Admission.TOO_MANY_RUNNING;
        }
        if (task.externalTaskId != null && tasks.stream().anyMatch(t ->
                t.provider.equals(task.provider) && task.externalTaskId.equals(t.externalTaskId))) {
            return Admission.DUPLICATE_EXTERNAL_ID;
        }
        tasks.add(task);
        return Admission.ACCEPTED;
    }

    synchronized Optional<SimTask> find(String provider, String id) {
        return tasks.stream().filter(t -> t.provider.equals(provider) && t.id.equals(id)).findFirst();
    }

    /** Kling looks tasks up by task_id or external_task_id, within one endpoint family. */
    synchronized Optional<SimTask> findKling(String endpoint, String idOrExternalId) {
        return tasks.stream()
                .filter(t -> t.isKling() && t.endpoint.equals(endpoint))
                .filter(t -> t.id.equals(idOrExternalId) || idOrExternalId.equals(t.externalTaskId))
                .findFirst();
    }

    synchronized List<SimTask> all() {
        return List.copyOf(tasks);
    }

    /** Forgets every task and returns them, so the caller can cancel their work. */
    synchronized List<SimTask> clear() {
        List<SimTask> removed = new ArrayList<>(tasks);
        tasks.clear();
        return removed;
    }

    private long unfinished(String provider) {
        return tasks.stream().filter(t -> t.provider.equals(provider) && !t.state().phase().isFinal()).count();
    }
}
