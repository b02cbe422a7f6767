package dev.videojobs.adapter.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.notify.ClientDocuments;
import dev.videojobs.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The webhook event and request-file results in the public API's JSON: the job as {@link JobView} shows it. */
public final class JsonClientDocuments implements ClientDocuments {

    private final JobView view;

    public JsonClientDocuments(JobView view) {
        this.view = view;
    }

    @Override
    public String webhookEvent(Job job, Instant at) {
        ObjectNode event = Json.object().put("type", "job." + job.status().wire()).put("timestamp", at.toString());
        event.set("data", view.render(job));
        return Json.write(event);
    }

    @Override
    public byte[] resultFile(Job job, String requestFileKey) {
        ObjectNode summary = Json.object().put("request", requestFileKey).put("status", job.status().wire());
        summary.set("job", view.render(job));
        return Json.write(summary).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] rejectedRequestFile(String requestFileKey, ClientError error) {
        ObjectNode result = Json.object().put("request", requestFileKey).put("status", "rejected");
        result.setAll((ObjectNode) ApiResponse.error(error).body());
        return Json.write(result).getBytes(StandardCharsets.UTF_8);
    }
}
