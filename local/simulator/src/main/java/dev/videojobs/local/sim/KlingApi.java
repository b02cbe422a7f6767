package dev.videojobs.local.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Kling's official API: image2video, multi-image2video and ai-multi-shot; submit, query, list, callbacks. */
final class KlingApi {
    static final String PREFIX = "/v1/";
    static final String IMAGE2VIDEO = "/v1/videos/image2video";
    static final String MULTI_IMAGE2VIDEO = "/v1/videos/multi-image2video";
    static final String AI_MULTI_SHOT = "/v1/general/ai-multi-shot";
    private static final Map<String, Function<BodyCheck, KlingRequests.Submission>> ENDPOINTS = Map.of(
            IMAGE2VIDEO, KlingRequests::image2video,
            MULTI_IMAGE2VIDEO, KlingRequests::multiImage2video,
            AI_MULTI_SHOT, KlingRequests::aiMultiShot);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SimulatorOptions options;
    private final KlingAuth auth;
    private final TaskRegistry registry;
    private final TaskRunner runner;
    private final CallbackSender callbacks;
    private final FaultPlan faults;

    KlingApi(SimulatorOptions options, TaskRegistry registry, TaskRunner runner, CallbackSender callbacks,
            FaultPlan faults) {
        this.options = options;
        this.auth = new KlingAuth(options.klingAccessKey(), options.klingSecretKey());
        this.registry = registry;
        this.runner = runner;
        this.callbacks = callbacks;
        this.faults = faults;
    }

    SimResponse handle(SimRequest request) {
        KlingAuth.Rejection rejection = auth.check(request.header("Authorization"));
        if (rejection != null) {
            return error(rejection.code(), rejection.message());
        }
        String path = request.path();
        for (String endpoint : ENDPOINTS.keySet()) {
            if (path.equals(endpoint) && request.isPost()) {
                return submit(request, endpoint);
            }
            if (path.equals(endpoint) && request.isGet()) {
                return list(request, endpoint);
            }
            if (path.startsWith(endpoint + "/") && request.isGet()) {
                String id = path.substring(endpoint.length() + 1);
                return registry.findKling(endpoint, id)
                        .map(task -> success(taskObject(task)))
                        .orElseGet(() -> error(KlingCodes.NOT_FOUND, "task not found: " + id));
            }
        }
        return error(KlingCodes.UNKNOWN_METHOD, "no such method: " + request.method() + " " + path);
    }

    private SimResponse submit(SimRequest request, String endpoint) {
        BodyCheck body;
        KlingRequests.Submission submission;
        try {
            body = BodyCheck.of(request.body());
            submission = ENDPOINTS.get(endpoint).apply(body);
        } catch (InvalidRequest e) {
            return error(KlingCodes.INVALID_PARAMS, e.getMessage());
        }
        SimTask task = new SimTask(SimTask.KLING, newTaskId(), endpoint, submission.model(), body.body(),
                submission.externalTaskId(), submission.callbackUrl(), submission.spec(), false)
                .onChange(this::taskChanged);
        return switch (registry.admit(task, faults.getMaxConcurrent())) {
            case TOO_MANY_RUNNING -> error(KlingCodes.CONCURRENCY_LIMITED, KlingCodes.message(1303))
                    .withHeader("Retry-After", Long.toString(WaveSpeedApi.retryAfterSeconds(options)));
            case DUPLICATE_EXTERNAL_ID -> error(KlingCodes.INVALID_PARAMS,
                    "external_task_id " + submission.externalTaskId() + " already exists");
            case ACCEPTED -> {
                runner.start(task);
                yield success(taskObject(task));
            }
        };
    }

    private SimResponse list(SimRequest request, String endpoint) {
        int pageNum;
        int pageSize;
        try {
            pageNum = intParam(request, "pageNum", 1, 1, 1000);
            pageSize = intParam(request, "pageSize", 30, 1, 500);
        } catch (InvalidRequest e) {
            return error(KlingCodes.INVALID_PARAMS, e.getMessage());
        }
        List<SimTask> tasks = registry.all().stream()
                .filter(t -> t.isKling() && t.endpoint.equals(endpoint))
                .sorted(Comparator.comparing((SimTask t) -> t.createdAt).reversed())
                .skip((long) (pageNum - 1) * pageSize)
                .limit(pageSize)
                .toList();
        ArrayNode data = Json.MAPPER.createArrayNode();
        tasks.forEach(task -> data.add(taskObject(task)));
        return success(data);
    }

    /** Kling calls back on every status change after submit: processing, then succeed or failed. */
    private void taskChanged(SimTask task) {
        if (task.callbackUrl != null) {
            callbacks.send(task, task.callbackUrl, Json.bytes(taskObject(task)), Map::of);
        }
    }

    /** The task object: the query answer's data and the callback body. */
    private ObjectNode taskObject(SimTask task) {
        SimTask.State state = task.state();
        ObjectNode data = Json.object()
                .put("task_id", task.id)
                .put("task_status", task.statusName(state.phase()))
                .put("task_status_msg", state.error());
        // the official examples always show the field; with no id of the client's it is empty
        data.putObject("task_info").put("external_task_id", task.externalTaskId == null ? "" : task.externalTaskId);
        if (state.phase().isFinal()) {
            data.put("final_unit_deduction", state.phase() == SimTask.Phase.SUCCEEDED ? units(task.spec) : "0");
        }
        if (state.phase() == SimTask.Phase.SUCCEEDED) {
            ObjectNode result = data.putObject("task_result");
            if (task.spec.kind() == TaskSpec.Kind.SHOTS) {
                // official subject-completion doc: one entry per result, its three shots as url_1..url_3
                ObjectNode image = result.putArray("images").addObject().put("index", 0);
                for (int i = 0; i < state.outputs().size(); i++) {
                    image.put("url_" + (i + 1), state.outputs().get(i).url());
                }
            } else {
                ArrayNode videos = result.putArray("videos");
                for (OutputStore.Published output : state.outputs()) {
                    videos.addObject()
                            .put("id", UUID.nameUUIDFromBytes(output.url().getBytes(StandardCharsets.UTF_8)).toString())
                            .put("url", output.url())
                            .put("duration", Integer.toString(task.spec.durationSeconds()));
                }
            }
        }
        data.put("created_at", task.createdAt.toEpochMilli()).put("updated_at", state.updatedAt().toEpochMilli());
        return data;
    }

    /** One unit per 5 s in std, twice that in pro; a multi-shot generation is one unit; failures are refunded. */
    private static String units(TaskSpec spec) {
        if (spec.kind() == TaskSpec.Kind.SHOTS) {
            return "1";
        }
        return Integer.toString(spec.durationSeconds() / 5 * ("pro".equals(spec.mode()) ? 2 : 1));
    }

    private static SimResponse success(com.fasterxml.jackson.databind.JsonNode data) {
        ObjectNode envelope = Json.object().put("code", 0).put("message", "SUCCEED")
                .put("request_id", UUID.randomUUID().toString());
        envelope.set("data", data);
        return SimResponse.json(200, envelope);
    }

    /** Kling's error envelope; the HTTP status follows the code. */
    static SimResponse error(int code, String message) {
        ObjectNode envelope = Json.object().put("code", code).put("message", message)
                .put("request_id", UUID.randomUUID().toString());
        envelope.set("data", NullNode.getInstance());
        return SimResponse.json(KlingCodes.httpStatus(code), envelope);
    }

    private static int intParam(SimRequest request, String name, int defaultValue, int min, int max) {
        String raw = request.query().get(name);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidRequest(name + " must be an integer between " + min + " and " + max);
    }

    /** Kling task ids are long decimal strings. */
    private static String newTaskId() {
        return Long.toString(700_000_000_000_000_000L + Math.floorMod(RANDOM.nextLong(), 100_000_000_000_000_000L));
    }
}
