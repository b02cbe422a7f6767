package dev.videojobs.local.sim;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/** The simulator's own endpoints under {@code /__sim/}: recorded tasks and uploads, fault plan, reset, outputs, health. */
final class ControlApi {
    static final String PREFIX = "/__sim/";

    private final Supplier<List<RecordedTask>> tasks;
    private final FaultPlan faults;
    private final Runnable reset;
    private final OutputStore outputs;
    private final MediaUploads uploads;

    ControlApi(Supplier<List<RecordedTask>> tasks, FaultPlan faults, Runnable reset, OutputStore outputs, MediaUploads uploads) {
        this.tasks = tasks;
        this.faults = faults;
        this.reset = reset;
        this.outputs = outputs;
        this.uploads = uploads;
    }

    SimResponse handle(SimRequest request) throws IOException {
        String path = request.path();
        if (path.startsWith(OutputStore.PATH_PREFIX) && request.isGet()) {
            return outputs.serve(path.substring(OutputStore.PATH_PREFIX.length()), request.method().equals("HEAD"));
        }
        if (path.startsWith(MediaUploads.SERVED_PREFIX) && request.isGet()) {
            return uploads.serve(path);
        }
        return switch (request.method() + " " + path) {
            case "GET /__sim/tasks" -> SimResponse.json(200, tasks.get());
            case "GET /__sim/uploads" -> SimResponse.json(200, uploads.received());
            case "GET /__sim/faults" -> SimResponse.json(200, faults);
            case "POST /__sim/faults" -> replaceFaults(request);
            case "POST /__sim/reset" -> {
                reset.run();
                yield SimResponse.json(200, Json.object().put("reset", true));
            }
            case "GET /__sim/health" -> SimResponse.json(200, Json.object().put("status", "ok"));
            default -> SimResponse.json(404, Json.object().put("error", "no such endpoint: "
                    + request.method() + " " + path));
        };
    }

    private SimResponse replaceFaults(SimRequest request) {
        FaultPlan plan;
        try {
            plan = Json.MAPPER.readValue(request.body(), FaultPlan.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            return SimResponse.json(400, Json.object().put("error", "invalid fault plan: " + cause.getMessage()));
        }
        return SimResponse.json(200, faults.replaceWith(plan));
    }
}
