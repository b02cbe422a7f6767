package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.sim.RecordedTask;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.Tenants;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Every model x provider pair of the README's matrix, submitted through the HTTP API with an explicit provider: the job
 * succeeds, its outputs are in S3 as the model's kind of media with matching sha256, and the provider received the
 * request in its own documented field names and types (providers.md; seeds 000-003).
 */
@ExtendWith(LocalStackExtension.class)
class ProviderMatrixEndToEndTest {

    private static final Duration JOB_DEADLINE = Duration.ofSeconds(20);
    private static final String API_KEY = LocalStackExtension.KEY_A;

    enum Output { VIDEO, IMAGES }

    /** What the provider must have received for a job, checked on the simulator's record of the task. */
    @FunctionalInterface
    interface ProviderContract {
        void check(RecordedTask task, String jobId);
    }

    /** One model x provider pair: the client's request, the output it makes, its list price, the provider contract. */
    record Pair(String name, ObjectNode request, Output output, String costUsd, ProviderContract contract) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Pair> matrix() throws Exception {
        String sample = E2eJobs.sampleImage();
        String endFrame = E2eJobs.generatedImage(1, 640, 360);
        List<String> three = List.of(E2eJobs.generatedImage(2, 480, 480), E2eJobs.generatedImage(3, 480, 480),
                E2eJobs.generatedImage(4, 480, 480));
        return Stream.of(
                // ---------------------------------------------------------------- WaveSpeed
                new Pair("wavespeed kling-v1.6-i2v-pro with end_image",
                        request("kling-v1.6-i2v-pro", "wavespeed").put("image", sample).put("end_image", endFrame)
                                .put("prompt", "the beam sweeps over the sea").put("negative_prompt", "blur")
                                .put("guidance_scale", 0.7).put("duration", 10),
                        Output.VIDEO, "0.90", (task, jobId) -> {
                            waveSpeed(task, jobId, "kwaivgi/kling-v1.6-i2v-pro", true);
                            JsonNode body = task.request();
                            assertFields(body, "image", "end_image", "prompt", "negative_prompt", "guidance_scale", "duration");
                            assertPresignedInput(body.path("image"));
                            assertPresignedInput(body.path("end_image"));
                            assertThat(body.path("end_image").asText()).isNotEqualTo(body.path("image").asText());
                            assertThat(body.path("duration").isInt()).as("duration is an integer for i2v-pro").isTrue();
                            assertThat(body.path("duration").asInt()).isEqualTo(10);
                            assertThat(body.path("guidance_scale").isNumber()).isTrue();
                            assertThat(body.path("guidance_scale").doubleValue()).isEqualTo(0.7);
                            assertThat(body.path("prompt").asText()).isEqualTo("the beam sweeps over the sea");
                            assertThat(body.path("negative_prompt").asText()).isEqualTo("blur");
                        }),
                new Pair("wavespeed kling-v1.6-i2v-standard",
                        request("kling-v1.6-i2v-standard", "wavespeed").put("image", sample).put("prompt", "gulls circle")
                                .put("guidance_scale", 0.4).put("duration", 5),
                        Output.VIDEO, "0.45", (task, jobId) -> {
                            waveSpeed(task, jobId, "kwaivgi/kling-v1.6-i2v-standard", true);
                            JsonNode body = task.request();
                            assertFields(body, "image", "prompt", "guidance_scale", "duration");
                            assertPresignedInput(body.path("image"));
                            assertThat(body.path("duration").isTextual()).as("duration is a string for i2v-standard (seed 002)").isTrue();
                            assertThat(body.path("duration").asText()).isEqualTo("5");
                            assertThat(body.path("guidance_scale").doubleValue()).isEqualTo(0.4);
                        }),
                new Pair("wavespeed kling-v1.6-multi-i2v-pro",
                        request("kling-v1.6-multi-i2v-pro", "wavespeed").put("prompt", "three moods of one place")
                                .put("aspect_ratio", "16:9").put("duration", 5).set("images", Json.array().add(three.get(0))
                                        .add(three.get(1)).add(three.get(2))),
                        Output.VIDEO, "0.45", (task, jobId) -> {
                            waveSpeed(task, jobId, "kwaivgi/kling-v1.6-multi-i2v-pro", true);
                            JsonNode body = task.request();
                            assertFields(body, "images", "prompt", "aspect_ratio", "duration");
                            assertThat(body.path("images").isArray()).isTrue();
                            assertThat(body.path("images")).hasSize(3);
                            body.path("images").forEach(ProviderMatrixEndToEndTest::assertPresignedInput);
                            assertThat(distinctTexts(body.path("images"))).hasSize(3);
                            assertThat(body.path("duration").isInt()).as("duration is an integer for multi-i2v-pro").isTrue();
                            assertThat(body.path("duration").asInt()).isEqualTo(5);
                            assertThat(body.path("aspect_ratio").asText()).isEqualTo("16:9");
                        }),
                new Pair("wavespeed kling-v1-ai-multi-shot with enable_base64_output",
                        request("kling-v1-ai-multi-shot", "wavespeed").put("image", sample).put("enable_base64_output", true),
                        Output.IMAGES, "0.07", (task, jobId) -> {
                            // base64 output cannot be combined with a webhook: the job is followed by polling alone
                            waveSpeed(task, jobId, "kwaivgi/kling-v1/ai-multi-shot", false);
                            JsonNode body = task.request();
                            assertFields(body, "image", "enable_base64_output");
                            assertPresignedInput(body.path("image"));
                            assertThat(body.path("enable_base64_output").isBoolean()).isTrue();
                            assertThat(body.path("enable_base64_output").booleanValue()).isTrue();
                        }),
                // ---------------------------------------------------------------- Kling
                new Pair("kling kling-v1.6-i2v-pro",
                        request("kling-v1.6-i2v-pro", "kling").put("image", sample).put("prompt", "slow push in")
                                .put("guidance_scale", 0.3).put("duration", 10),
                        Output.VIDEO, "0.90", (task, jobId) -> {
                            kling(task, jobId, "/v1/videos/image2video", "pro");
                            JsonNode body = task.request();
                            assertFields(body, "model_name", "mode", "image", "prompt", "cfg_scale", "duration",
                                    "callback_url", "external_task_id");
                            assertPresignedInput(body.path("image"));
                            assertThat(body.path("duration").isTextual()).as("Kling takes the duration as a string").isTrue();
                            assertThat(body.path("duration").asText()).isEqualTo("10");
                            assertThat(body.path("cfg_scale").isNumber()).isTrue();
                            assertThat(body.path("cfg_scale").doubleValue()).isEqualTo(0.3);
                        }),
                new Pair("kling kling-v1.6-i2v-pro with end_image",
                        request("kling-v1.6-i2v-pro", "kling").put("image", sample).put("end_image", endFrame)
                                .put("prompt", "day turns to dusk").put("negative_prompt", "text").put("duration", 5),
                        Output.VIDEO, "0.45", (task, jobId) -> {
                            kling(task, jobId, "/v1/videos/image2video", "pro");
                            JsonNode body = task.request();
                            assertFields(body, "model_name", "mode", "image", "image_tail", "prompt", "negative_prompt", "duration",
                                    "callback_url", "external_task_id");
                            assertPresignedInput(body.path("image"));
                            assertPresignedInput(body.path("image_tail"));
                            assertThat(body.path("image_tail").asText()).isNotEqualTo(body.path("image").asText());
                            assertThat(body.path("duration").asText()).isEqualTo("5");
                            assertThat(body.path("duration").isTextual()).isTrue();
                        }),
                new Pair("kling kling-v1.6-i2v-standard",
                        request("kling-v1.6-i2v-standard", "kling").put("image", sample).put("prompt", "the boat drifts right")
                                .put("duration", 5),
                        Output.VIDEO, "0.45", (task, jobId) -> {
                            kling(task, jobId, "/v1/videos/image2video", "std");
                            JsonNode body = task.request();
                            assertFields(body, "model_name", "mode", "image", "prompt", "duration", "callback_url",
                                    "external_task_id");
                            assertPresignedInput(body.path("image"));
                            assertThat(body.path("duration").asText()).isEqualTo("5");
                        }),
                new Pair("kling kling-v1.6-multi-i2v-pro",
                        request("kling-v1.6-multi-i2v-pro", "kling").put("prompt", "a walk through the seasons")
                                .put("aspect_ratio", "9:16").put("duration", 5)
                                .set("images", Json.array().add(three.get(0)).add(three.get(1))),
                        Output.VIDEO, "0.45", (task, jobId) -> {
                            kling(task, jobId, "/v1/videos/multi-image2video", "pro");
                            JsonNode body = task.request();
                            // the official multi-image2video body has no cfg_scale
                            assertFields(body, "model_name", "mode", "image_list", "prompt", "aspect_ratio", "duration",
                                    "callback_url", "external_task_id");
                            assertImageList(body.path("image_list"), 2);
                            assertThat(body.path("aspect_ratio").asText()).isEqualTo("9:16");
                            assertThat(body.path("duration").isTextual()).isTrue();
                            assertThat(body.path("duration").asText()).isEqualTo("5");
                        }),
                new Pair("kling kling-v1.6-multi-i2v-standard",
                        request("kling-v1.6-multi-i2v-standard", "kling").put("prompt", "one scene, three lights")
                                .put("negative_prompt", "people").put("duration", 10)
                                .set("images", Json.array().add(three.get(0)).add(three.get(1)).add(three.get(2))),
                        Output.VIDEO, "0.90", (task, jobId) -> {
                            kling(task, jobId, "/v1/videos/multi-image2video", "std");
                            JsonNode body = task.request();
                            assertFields(body, "model_name", "mode", "image_list", "prompt", "negative_prompt", "duration",
                                    "callback_url", "external_task_id");
                            assertImageList(body.path("image_list"), 3);
                            assertThat(body.path("duration").isTextual()).isTrue();
                            assertThat(body.path("duration").asText()).isEqualTo("10");
                        }),
                new Pair("kling kling-v1-ai-multi-shot",
                        request("kling-v1-ai-multi-shot", "kling").put("image", sample),
                        Output.IMAGES, "0.07", (task, jobId) -> {
                            assertThat(task.provider()).isEqualTo("kling");
                            assertThat(task.endpoint()).isEqualTo("/v1/general/ai-multi-shot");
                            assertKlingIdentity(task, jobId);
                            JsonNode body = task.request();
                            assertFields(body, "element_frontal_image", "callback_url", "external_task_id");
                            assertPresignedInput(body.path("element_frontal_image"));
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void shouldStoreVerifiedOutputsAndSendTheProviderItsOwnFields_whenAJobRunsOnAModelProviderPair(Pair pair, LocalStack stack,
            S3Client s3) throws Exception {
        // Arrange
        ApiClient api = new ApiClient(stack.apiUrl(), API_KEY);
        String tenant = Tenants.tenantOf(API_KEY);

        // Act
        ApiClient.Reply submitted = api.post("/v1/jobs", Json.write(pair.request()));
        String jobId = submitted.body().path("id").asText();
        JsonNode job = submitted.status() == 202 ? E2eJobs.awaitTerminal(api, jobId, JOB_DEADLINE) : submitted.body();

        // Assert: the job
        assertThat(submitted.status()).as("submit answer %s", submitted.body()).isEqualTo(202);
        assertThat(job.path("status").asText()).as("job %s", job).isEqualTo("succeeded");
        assertThat(job.path("model").asText()).isEqualTo(pair.request().path("model").asText());
        assertThat(job.path("provider").asText()).isEqualTo(pair.request().path("provider").asText());
        assertThat(job.path("cost_usd").isNumber()).as("cost_usd in %s", job).isTrue();
        assertThat(job.path("cost_usd").decimalValue()).isEqualByComparingTo(new BigDecimal(pair.costUsd()));
        assertThat(job.path("nsfw").isArray()).as("nsfw flags in %s", job).isTrue();

        // the outputs: in S3, each the kind of media the model makes, each with the size and sha256 the job gives
        JsonNode outputs = job.path("outputs");
        if (pair.output() == Output.VIDEO) {
            assertThat(outputs).as("outputs of %s", job).hasSize(1);
        } else {
            // three shots: WaveSpeed's outputs[], Kling's one images[] entry with url_1..url_3, every one copied
            assertThat(outputs).as("ai-multi-shot makes three shots: %s", job).hasSize(3);
        }
        Set<String> keys = new HashSet<>();
        Set<String> digests = new HashSet<>();
        for (JsonNode output : outputs) {
            String key = output.path("key").asText();
            keys.add(key);
            digests.add(output.path("sha256").asText());
            assertThat(key).startsWith("outputs/" + tenant + "/" + jobId + "/");
            ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(get -> get.bucket(stack.bucket()).key(key));
            byte[] bytes = stored.asByteArray();
            String expectedType = pair.output() == Output.VIDEO ? "video/mp4" : "image/png";
            assertThat(output.path("content_type").asText()).isEqualTo(expectedType);
            assertThat(stored.response().contentType()).isEqualTo(expectedType);
            if (pair.output() == Output.VIDEO) {
                assertThat(new String(bytes, 4, 4, StandardCharsets.US_ASCII)).as("MP4 box at offset 4").isEqualTo("ftyp");
            } else {
                assertThat(Arrays.copyOf(bytes, 8)).as("PNG signature")
                        .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            }
            assertThat(E2eJobs.sha256(bytes)).isEqualTo(output.path("sha256").asText());
            assertThat(output.path("bytes").asLong()).isEqualTo(bytes.length);
        }
        assertThat(digests).as("every output is a different file").hasSameSizeAs(keys).hasSize(outputs.size());
        List<String> inS3 = s3.listObjectsV2Paginator(list -> list.bucket(stack.bucket()).prefix("outputs/" + tenant + "/" + jobId + "/"))
                .contents().stream().map(S3Object::key).toList();
        assertThat(inS3).as("every stored output is listed in the job").containsExactlyInAnyOrderElementsOf(keys);
        if (pair.request().path("provider").asText().equals("wavespeed")) {
            assertThat(job.path("nsfw")).as("one WaveSpeed nsfw flag per output").hasSize(outputs.size());
            job.path("nsfw").forEach(flag -> assertThat(flag.isBoolean() && !flag.booleanValue()).as("nsfw flag %s", flag).isTrue());
        }

        // the provider got exactly one task for this job, in its own field names and types
        List<RecordedTask> tasks = stack.simulator().tasks().stream()
                .filter(task -> task.taskId().equals(job.path("provider_task_id").asText())).toList();
        assertThat(tasks).as("simulator tasks for job %s", jobId).hasSize(1);
        pair.contract().check(tasks.get(0), jobId);
    }

    @Test
    void shouldRefuseNamingTheField_whenAFieldIsNotSupportedByTheModelOnTheChosenProvider(LocalStack stack) throws Exception {
        // Arrange: camera_control is a Kling-only field; WaveSpeed's i2v-pro has no such parameter
        ApiClient api = new ApiClient(stack.apiUrl(), API_KEY);
        ObjectNode request = request("kling-v1.6-i2v-pro", "wavespeed").put("image", E2eJobs.sampleImage()).put("prompt", "p");
        request.set("camera_control", Json.object().put("type", "simple").set("config", Json.object().put("zoom", 5)));

        // Act
        ApiClient.Reply reply = api.post("/v1/jobs", Json.write(request));

        // Assert
        assertThat(reply.status()).isEqualTo(400);
        JsonNode error = reply.body().path("error");
        assertThat(error.path("code").asText()).isEqualTo("unsupported_field");
        assertThat(error.path("field").asText()).isEqualTo("camera_control");
        assertThat(error.path("message").asText()).contains("camera_control");
        assertThat(reply.body().has("id")).isFalse();
    }

    static Stream<Arguments> fieldsKlingV16DoesNotSupport() throws Exception {
        String mask = E2eJobs.generatedImage(6, 640, 360);
        return Stream.of(
                Arguments.of("kling-v1.6-i2v-pro", "camera_control", Json.object().put("type", "simple").set("config", Json.object().put("zoom", 5))),
                Arguments.of("kling-v1.6-i2v-pro", "static_mask", Json.MAPPER.getNodeFactory().textNode(mask)),
                Arguments.of("kling-v1.6-i2v-standard", "dynamic_masks", Json.array().add(Json.object().put("mask", mask)
                        .set("trajectories", Json.array().add(point(1, 2)).add(point(3, 4))))),
                Arguments.of("kling-v1.6-i2v-standard", "end_image", Json.MAPPER.getNodeFactory().textNode(E2eJobs.generatedImage(5, 640, 360))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fieldsKlingV16DoesNotSupport")
    void shouldRefuseNamingTheFieldAndSendNothing_whenKlingV16DoesNotSupportTheField(String model, String field, JsonNode value,
            LocalStack stack) throws Exception {
        // Arrange: Kling's capability table for kling-v1-6: no motion brush, no camera control, an end frame in pro mode only
        ApiClient api = new ApiClient(stack.apiUrl(), API_KEY);
        ObjectNode request = request(model, "kling").put("image", E2eJobs.sampleImage()).put("prompt", "p");
        request.set(field, value);
        int tasksBefore = stack.simulator().tasks().size();

        // Act
        ApiClient.Reply reply = api.post("/v1/jobs", Json.write(request));

        // Assert
        assertThat(reply.status()).isEqualTo(400);
        JsonNode error = reply.body().path("error");
        assertThat(error.path("code").asText()).isEqualTo("unsupported_field");
        assertThat(error.path("field").asText()).isEqualTo(field);
        assertThat(error.path("message").asText()).contains(field).contains(model);
        assertThat(stack.simulator().tasks()).hasSize(tasksBefore);
    }

    // ------------------------------------------------------------------ helpers

    private static ObjectNode request(String model, String provider) {
        return Json.object().put("model", model).put("provider", provider);
    }

    private static ObjectNode point(int x, int y) {
        return Json.object().put("x", x).put("y", y);
    }

    /** WaveSpeed: POST /api/v3/{model id}, with our signed webhook unless the job is followed by polling alone. */
    private static void waveSpeed(RecordedTask task, String jobId, String modelId, boolean webhook) {
        assertThat(task.provider()).isEqualTo("wavespeed");
        assertThat(task.endpoint()).isEqualTo("/api/v3/" + modelId);
        assertThat(task.model()).isEqualTo(modelId);
        if (webhook) {
            assertThat(task.callbackUrl()).contains("/v1/callbacks/wavespeed?token=" + jobId + ".").endsWith("&job=" + jobId);
        } else {
            assertThat(task.callbackUrl()).as("no ?webhook= with enable_base64_output").isNull();
        }
    }

    /** Kling video endpoints: model_name kling-v1-6, the model's mode, our job id and per-job callback. */
    private static void kling(RecordedTask task, String jobId, String endpoint, String mode) {
        assertThat(task.provider()).isEqualTo("kling");
        assertThat(task.endpoint()).isEqualTo(endpoint);
        assertThat(task.model()).isEqualTo("kling-v1-6");
        assertThat(task.request().path("model_name").asText()).isEqualTo("kling-v1-6");
        assertThat(task.request().path("mode").asText()).isEqualTo(mode);
        assertKlingIdentity(task, jobId);
    }

    private static void assertKlingIdentity(RecordedTask task, String jobId) {
        assertThat(task.externalTaskId()).isEqualTo(jobId);
        assertThat(task.request().path("external_task_id").asText()).isEqualTo(jobId);
        assertThat(task.callbackUrl()).contains("/v1/callbacks/kling/");
        assertThat(task.request().path("callback_url").asText()).isEqualTo(task.callbackUrl());
    }

    private static void assertImageList(JsonNode list, int size) {
        assertThat(list.isArray()).as("image_list is an array").isTrue();
        assertThat(list).hasSize(size);
        List<String> urls = new ArrayList<>();
        for (JsonNode item : list) {
            assertFields(item, "image");
            assertPresignedInput(item.path("image"));
            urls.add(item.path("image").asText());
        }
        assertThat(new HashSet<>(urls)).hasSize(size);
    }

    /** Inputs reach the provider as presigned GET URLs of the copies in inputs/, never as the client's data. */
    private static void assertPresignedInput(JsonNode value) {
        assertThat(value.isTextual()).as("image value %s", value).isTrue();
        assertThat(value.asText()).startsWith("http").contains("/inputs/").contains("X-Amz-Signature");
    }

    private static void assertFields(JsonNode object, String... names) {
        List<String> present = new ArrayList<>();
        object.fieldNames().forEachRemaining(present::add);
        assertThat(present).as("fields of %s", object).containsExactlyInAnyOrder(names);
    }

    private static Set<String> distinctTexts(JsonNode array) {
        Set<String> texts = new HashSet<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
