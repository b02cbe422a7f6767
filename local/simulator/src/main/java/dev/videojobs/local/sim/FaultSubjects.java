package dev.videojobs.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Names what a provider call is about, so {@link FaultPlan} can decide its fault from the seed, that subject and the
 * call's ordinal: a submit is about its prompt, a query about the task it names (by task id or external_task_id).
 */
final class FaultSubjects {
    private final TaskRegistry registry;

    FaultSubjects(TaskRegistry registry) {
        this.registry = registry;
    }

    String of(SimRequest request) {
        if (request.isSubmit()) {
            String prompt = promptOf(request.body());
            return prompt == null ? request.path() : prompt;
        }
        List<SimTask> tasks = registry.all();
        for (String segment : request.path().split("/")) {
            for (SimTask task : tasks) {
                if (!segment.isEmpty() && (segment.equals(task.id) || segment.equals(task.externalTaskId))) {
                    return task.faultSubject();
                }
            }
        }
        return request.path();
    }

    private static String promptOf(byte[] body) {
        JsonNode json = Json.parseOrNull(body);
        JsonNode prompt = json == null ? null : json.get("prompt");
        return prompt != null && prompt.isTextual() && !prompt.asText().isEmpty() ? prompt.asText() : null;
    }
}
