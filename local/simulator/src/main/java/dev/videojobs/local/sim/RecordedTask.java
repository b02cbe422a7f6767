package dev.videojobs.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A snapshot of one task the simulator received, for assertions and for {@code GET /__sim/tasks} (snake_case JSON).
 *
 * @param provider       "wavespeed" or "kling"
 * @param taskId         the id the provider answered with
 * @param endpoint       request path of the submit call (without query)
 * @param model          WaveSpeed model id; Kling model_name (Kling's default "kling-v1" when absent) or
 *                       "ai-multi-shot"
 * @param request        the JSON body as received
 * @param externalTaskId Kling external_task_id, else null
 * @param callbackUrl    WaveSpeed ?webhook= or Kling callback_url, else null
 * @param status         current status in the provider's own words (created/processing/completed/failed or
 *                       submitted/processing/succeed/failed)
 * @param callbacksSent  callback POSTs made so far (duplicates included, dropped ones not)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecordedTask(String provider, String taskId, String endpoint, String model, JsonNode request,
        String externalTaskId, String callbackUrl, String status, int callbacksSent) {
}
