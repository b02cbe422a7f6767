package dev.videojobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.json.Json;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code jobs submit|get|list|wait|cancel|redeliver|download|delete|secret|rotate-secret}: a client of the public API
 * of any deployment (the local {@code serve} or a stack on AWS), over HTTP. The key comes from the environment
 * ({@code VIDEO_JOBS_API_KEY}), never from the command line. Exit codes: 0 done; 1 the job ended failed, cancelled or
 * expired ({@code wait}, {@code submit --wait}; {@code download}: nothing to download or a file that fails its check);
 * 2 a usage error; 3 the API refused (4xx, 5xx) or could not be reached; 4 {@code --timeout} passed before the job ended.
 */
@Command(name = "jobs",
        description = "Submit and follow jobs on a deployed API (or serve's) over HTTP. The API key comes from VIDEO_JOBS_API_KEY.",
        subcommands = {JobsCommand.Submit.class, JobsCommand.Get.class, JobsCommand.ListJobs.class, JobsCommand.Wait.class,
            JobsCommand.Cancel.class, JobsCommand.Redeliver.class, JobsCommand.Download.class, JobsCommand.Delete.class,
            JobsCommand.Secret.class, JobsCommand.RotateSecret.class},
        footer = {"%nEnvironment:", "  VIDEO_JOBS_API_KEY  the API key, sent as x-api-key (required)",
            "  VIDEO_JOBS_API_URL  the API URL when --api-url is not given",
            "%nExit codes: 0 done, 1 the job ended failed/cancelled/expired, 2 usage error,",
            "  3 the API refused or could not be reached, 4 --timeout passed before the job ended."})
public final class JobsCommand implements Callable<Integer> {

    public static final String API_KEY_VARIABLE = "VIDEO_JOBS_API_KEY";
    public static final String API_URL_VARIABLE = "VIDEO_JOBS_API_URL";

    static final int FAILED = 1;
    static final int REFUSED = 3;
    static final int TIMED_OUT = 4;
    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled", "expired");

    private static final Duration FIRST_POLL = Duration.ofMillis(500);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(5);

    /** Where the API is, and how to print. Every subcommand takes these. */
    public static final class Connection {
        @Option(names = "--api-url", paramLabel = "URL", converter = OptionValues.HttpUrl.class,
                description = "the API, e.g. the stack's ApiUrl output or serve's URL; default: $" + API_URL_VARIABLE)
        URI apiUrl;

        @Option(names = "--json", description = "print exactly one JSON document on stdout")
        boolean json;
    }

    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    /** With the process environment. */
    public JobsCommand() {
        this(System.getenv());
    }

    /** With the given environment (tests pass the key so). */
    public JobsCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** One API task of a subcommand: usage mistakes exit 2 (with the usage), refusals and network failures 3. */
    private int run(CommandSpec command, Connection connection, ApiTask task) throws Exception {
        JobsApi api = new JobsApi(apiUrl(command, connection), apiKey(command));
        PrintWriter err = command.commandLine().getErr();
        try {
            return task.run(api, command.commandLine().getOut(), err);
        } catch (JobsApi.Refused e) {
            // with --json, the API's own {"error":{"code","message","field"}} (or one in that shape) on stderr
            err.println(connection.json ? Json.write(e.body.has("error") ? e.body : errorDocument("http_" + e.status, e.getMessage()))
                    : "jobs " + command.name() + ": " + e.getMessage());
            return REFUSED;
        } catch (JobsApi.Unreachable e) {
            err.println(connection.json ? Json.write(errorDocument("unreachable", e.getMessage())) : "jobs " + command.name() + ": " + e.getMessage());
            return REFUSED;
        } catch (JobRequest.Invalid e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }

    private static ObjectNode errorDocument(String code, String message) {
        ObjectNode document = Json.object();
        document.putObject("error").put("code", code).put("message", message);
        return document;
    }

    @FunctionalInterface
    private interface ApiTask {
        int run(JobsApi api, PrintWriter out, PrintWriter err) throws Exception;
    }

    private URI apiUrl(CommandSpec command, Connection connection) {
        if (connection.apiUrl != null) {
            return connection.apiUrl;
        }
        String fromEnvironment = environment.get(API_URL_VARIABLE);
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            throw new ParameterException(command.commandLine(), "Missing required option: '--api-url=URL' (or $" + API_URL_VARIABLE + ")");
        }
        try {
            return new OptionValues.HttpUrl().convert(fromEnvironment);
        } catch (TypeConversionException e) {
            throw new ParameterException(command.commandLine(), "Invalid value of $" + API_URL_VARIABLE + ": " + e.getMessage());
        }
    }

    private String apiKey(CommandSpec command) {
        String key = environment.get(API_KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            throw new ParameterException(command.commandLine(), "$" + API_KEY_VARIABLE + " is not set: it holds the API key "
                    + "(on AWS: aws apigateway get-api-key --api-key ID --include-value)");
        }
        return key;
    }

    static String jobPath(String id) {
        return "/v1/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** The human line of a job: id, status, model on provider, and its error or outputs. */
    static String describe(JsonNode job) {
        StringBuilder line = new StringBuilder(job.path("id").asText()).append("  ").append(job.path("status").asText())
                .append("  ").append(job.path("model").asText());
        if (job.hasNonNull("provider")) {
            line.append(" on ").append(job.path("provider").asText());
        }
        if (job.path("error").isObject()) {
            line.append("  error ").append(job.path("error").path("code").asText()).append(": ").append(job.path("error").path("message").asText());
        }
        if (job.path("outputs").size() > 0) {
            line.append("  ").append(job.path("outputs").size()).append(job.path("outputs").size() == 1 ? " output" : " outputs");
        }
        return line.toString();
    }

    private static void print(PrintWriter out, Connection connection, JsonNode json, String human) {
        out.println(connection.json ? Json.write(json) : human);
    }

    /**
     * Polls the job until it ends or the timeout passes (intervals from 0.5 s growing to 5 s); on a terminal, one
     * progress line redrawn on stderr. Prints the last job seen; 0 if it succeeded, 1 if it ended otherwise, 4 if not.
     */
    static int await(JobsApi api, String id, Duration timeout, Connection connection, PrintWriter out, PrintWriter err) throws Exception {
        boolean console = System.console() != null;
        String[] spinner = {"|", "/", "-", "\\"};
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Duration interval = FIRST_POLL;
        JsonNode job;
        for (int tick = 0; ; tick++) {
            job = api.get(jobPath(id));
            String status = job.path("status").asText();
            boolean ended = TERMINAL.contains(status);
            if (console) {
                err.printf("\r  [%s] %s %-10s %6.1f s%s", ended ? "*" : spinner[tick % spinner.length], id, status,
                        Duration.between(start, Instant.now()).toMillis() / 1000.0, ended ? "\n" : "");
                err.flush();
            }
            if (ended || !Instant.now().plus(interval).isBefore(deadline)) {
                break;
            }
            Thread.sleep(interval.toMillis());
            interval = min(LONGEST_POLL, Duration.ofMillis(interval.toMillis() * 3 / 2));
        }
        String status = job.path("status").asText();
        if (!TERMINAL.contains(status)) {
            if (console) {
                err.println();
            }
            print(out, connection, job, describe(job));
            err.println("jobs wait: " + id + " is still " + status + " after " + timeout);
            return TIMED_OUT;
        }
        print(out, connection, job, describe(job));
        return status.equals("succeeded") ? 0 : FAILED;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** What every subcommand has: its parent (the runner), its spec (for usage errors) and the connection options. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection = new Connection();
    }

    /** A subcommand about one job. */
    abstract static class JobSubcommand extends Subcommand {
        @Parameters(paramLabel = "ID", description = "the job id")
        String id;
    }

    @Command(name = "submit", description = "Submit a job (POST /v1/jobs); with --wait, follow it to its end as 'jobs wait' does.")
    static final class Submit extends Subcommand {
        @Option(names = "--model", required = true, paramLabel = "M", converter = OptionValues.NonBlank.class,
                description = "the model, e.g. kling-v1.6-i2v-pro")
        String model;
        @Option(names = "--provider", paramLabel = "P", description = "wavespeed or kling (default: the model's)")
        String provider;
        @Option(names = "--image", paramLabel = "FILE_OR_URL",
                description = "an input image: a JPEG/PNG file (inlined below 4 MiB, uploaded otherwise), an https URL, data: or "
                        + "upload:; one is 'image', several are 'images' (so is one for a model that takes only 'images'); repeatable")
        List<String> images = new ArrayList<>();
        @Option(names = "--end-image", paramLabel = "FILE_OR_URL", description = "the last frame ('end_image')")
        String endImage;
        @Option(names = "--prompt", paramLabel = "TEXT")
        String prompt;
        @Option(names = "--negative-prompt", paramLabel = "TEXT")
        String negativePrompt;
        @Option(names = "--duration", paramLabel = "SECONDS", description = "video length, e.g. 5 or 10")
        Integer duration;
        @Option(names = "--guidance-scale", paramLabel = "X", description = "0..1")
        Double guidanceScale;
        @Option(names = "--aspect-ratio", paramLabel = "W:H", description = "16:9, 9:16 or 1:1")
        String aspectRatio;
        @Option(names = "--webhook-url", paramLabel = "URL", description = "where the signed webhook goes when the job ends")
        String webhookUrl;
        @Option(names = "--timeout-seconds", paramLabel = "N", description = "the job's own deadline")
        Integer timeoutSeconds;
        @Option(names = "--metadata", paramLabel = "JSON", description = "a JSON object echoed back with the job")
        String metadata;
        @Option(names = "--field", paramLabel = "NAME=VALUE",
                description = "any other field; VALUE is sent as JSON when it is a number, true/false, an object or an array; repeatable")
        Map<String, String> fields = new LinkedHashMap<>();
        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "sent as Idempotency-Key: a retry returns the same job")
        String idempotencyKey;
        @Option(names = "--wait", description = "wait for the job to end; exit code 0 only if it succeeded")
        boolean await;
        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = OptionValues.WaitTimeout.class,
                description = "with --wait: how long to wait, e.g. 90s, 10m, 1h (default: ${DEFAULT-VALUE})")
        Duration timeout;

        ObjectNode body(JobRequest.Uploader uploader, long inlineLimit) throws Exception {
            Map<String, Object> typed = new LinkedHashMap<>();
            typed.put("prompt", prompt);
            typed.put("negative_prompt", negativePrompt);
            typed.put("duration", duration);
            typed.put("guidance_scale", guidanceScale);
            typed.put("aspect_ratio", aspectRatio);
            typed.put("webhook_url", webhookUrl);
            typed.put("timeout_seconds", timeoutSeconds);
            if (metadata != null) {
                JsonNode parsed;
                try {
                    parsed = Json.parse(metadata);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new JobRequest.Invalid("--metadata is not JSON: " + e.getOriginalMessage());
                }
                if (!parsed.isObject()) {
                    throw new JobRequest.Invalid("--metadata must be a JSON object");
                }
                typed.put("metadata", parsed);
            }
            return JobRequest.build(model, provider, images, endImage, typed, fields, inlineLimit, uploader);
        }

        @Override
        public Integer call() throws Exception {
            return parent.run(spec, connection, (api, out, err) -> {
                ObjectNode body = body((file, contentType, bytes) -> upload(api, file, contentType, bytes), JobRequest.INLINE_LIMIT);
                Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
                JsonNode job = api.post("/v1/jobs", body, headers);
                String id = job.path("id").asText();
                if (!await) {
                    print(out, connection, job, "submitted " + describe(job));
                    return 0;
                }
                if (!connection.json) {
                    out.println("submitted " + describe(job));
                }
                return JobsCommand.await(api, id, timeout, connection, out, err);
            });
        }

        private static String upload(JobsApi api, Path file, String contentType, long bytes) throws Exception {
            JsonNode upload = api.post("/v1/uploads", Json.object().put("content_type", contentType).put("content_length", bytes), Map.of());
            Map<String, String> headers = new LinkedHashMap<>();
            upload.path("headers").fields().forEachRemaining(header -> headers.put(header.getKey(), header.getValue().asText()));
            api.put(URI.create(upload.path("upload_url").asText()), file, headers);
            return upload.path("image").asText();
        }
    }

    @Command(name = "get", description = "Print a job (GET /v1/jobs/{id}).")
    static final class Get extends JobSubcommand {
        @Override
        public Integer call() throws Exception {
            return parent.run(spec, connection, (api, out, err) -> {
                JsonNode job = api.get(jobPath(id));
                print(out, connection, job, describe(job));
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List the tenant's jobs, newest first (GET /v1/jobs).")
    static final class ListJobs extends Subcommand {
        @Option(names = "--status", paramLabel = "S", description = "queued, submitted, processing, succeeded, failed, cancelled or expired")
        String status;
        @Option(names = "--limit", paramLabel = "N", converter = OptionValues.PositiveInteger.class, description = "1..100 (default: the API's, 20)")
        Integer limit;
        @Option(names = "--cursor", paramLabel = "C", description = "the next_cursor of the previous page")
        String cursor;

        @Override
        public Integer call() throws Exception {
            return parent.run(spec, connection, (api, out, err) -> {
                List<String> query = new ArrayList<>();
                if (status != null) {
                    query.add("status=" + URLEncoder.encode(status, StandardCharsets.UTF_8));
                }
                if (limit != null) {
                    query.add("limit=" + limit);
                }
                if (cursor != null) {
                    query.add("cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                }
                JsonNode page = api.get("/v1/jobs" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
                if (connection.json) {
                    out.println(Json.write(page));
                } else {
                    page.path("jobs").forEach(job -> out.println(describe(job)));
                    if (page.hasNonNull("next_cursor")) {
                        out.println("more: --cursor " + page.path("next_cursor").asText());
                    }
                }
                return 0;
            });
        }
    }

    @Command(name = "wait", description = "Poll a job until it ends; exit code 0 if it succeeded, 1 if it failed, was cancelled or expired.")
    static final class Wait extends JobSubcommand {
        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = OptionValues.WaitTimeout.class,
                description = "how long to wait, e.g. 90s, 10m, 1h (default: ${DEFAULT-VALUE}); exit code 4 when it passes")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            return parent.run(spec, connection, (api, out, err) -> JobsCommand.await(api, id, timeout, connection, out, err));
        }
    }

    @Command(name = "cancel", description = "Cancel a job that has not ended (POST /v1/jobs/{id}/cancel).")
    static final class Cancel extends JobSubcommand {
        @Override
        public Integer call() throws Exception {
            return parent.run(spec, connection, (api, out, err) -> {
                JsonNode job = api.post(jobPath(id) + "/cancel", Json.object(), Map.of());
                print(out, connection, job, describe(job));
                return 0;
            });
        }
    }

    @Command(name = "redeliver", description = "Send an ended job's webhook again (POST /v1/jobs/{id}/redeliver).")
    static final class Redeliver extends JobSubcommand {
        @Override
        public Integer call() throws Exception {
            return parent.run(spec, connection, (api, out, err) -> {
                JsonNode job = api.post(jobPath(id) + "/redeliver", Json.object(), Map.of());
                print(out, connection, job, "redelivering the webhook of " + describe(job));
                return 0;
            });
        }
    }

    @Command(name = "delete", description = "Delete an ended job and its objects now (DELETE /v1/jobs/{id}).")
    static final class Delete extends JobSubcommand {
        @Override
        public Integer call() throws Exception {
            return parent.run(spec, connection, (api, out, err) -> {
                api.delete(jobPath(id));
                print(out, connection, Json.object().put("id", id).put("deleted", true), "deleted " + id);
                return 0;
            });
        }
    }

    @Command(name = "secret", description = "Print the webhook signing secret (GET /v1/webhook/secret).")
    static final class Secret extends Subcommand {
        @Override
        public Integer call() throws Exception {
            return parent.run(spec, connection, (api, out, err) -> {
                JsonNode secret = api.get("/v1/webhook/secret");
                print(out, connection, secret, secretLine(secret));
                return 0;
            });
        }
    }

    @Command(name = "rotate-secret",
            description = "Issue a new webhook secret (POST /v1/webhook/secret/rotate); the old one also signs for the overlap.")
    static final class RotateSecret extends Subcommand {
        @Override
        public Integer call() throws Exception {
            return parent.run(spec, connection, (api, out, err) -> {
                JsonNode secret = api.post("/v1/webhook/secret/rotate", Json.object(), Map.of());
                print(out, connection, secret, secretLine(secret));
                return 0;
            });
        }
    }

    private static String secretLine(JsonNode secret) {
        return secret.path("secret").asText() + (secret.hasNonNull("previous_valid_until")
                ? "  (the previous secret also signs until " + secret.path("previous_valid_until").asText() + ")" : "");
    }

    @Command(name = "download",
            description = "Download a succeeded job's outputs to --out, each checked against its sha256 and bytes.")
    static final class Download extends JobSubcommand {
        @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "where the files go (default: the current directory)")
        Path outDir;

        @Override
        public Integer call() throws Exception {
            return parent.run(spec, connection, (api, out, err) -> {
                JsonNode job = api.get(jobPath(id));
                if (job.path("outputs").isEmpty()) {
                    err.println("jobs download: " + id + " is " + job.path("status").asText() + " and has no outputs");
                    return FAILED;
                }
                Files.createDirectories(outDir);
                ObjectNode summary = Json.object().put("id", id);
                ArrayNode files = summary.putArray("files");
                List<String> lines = new ArrayList<>();
                for (JsonNode output : job.path("outputs")) {
                    Path target = outDir.resolve(id + "-" + Path.of(output.path("key").asText()).getFileName());
                    Path partial = outDir.resolve(target.getFileName() + ".part");
                    try {
                        api.download(URI.create(output.path("url").asText()), partial);
                        long bytes = Files.size(partial);
                        String sha256 = sha256(partial);
                        if (bytes != output.path("bytes").asLong() || !sha256.equals(output.path("sha256").asText())) {
                            err.println("jobs download: " + target.getFileName() + " is " + bytes + " bytes with sha256 " + sha256
                                    + "; the job says " + output.path("bytes").asLong() + " bytes, sha256 " + output.path("sha256").asText());
                            return FAILED;
                        }
                        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        files.addObject().put("path", target.toString()).put("bytes", bytes).put("sha256", sha256)
                                .put("content_type", output.path("content_type").asText());
                        lines.add(String.format("wrote %s (%,d bytes, %s, sha256 verified)", target, bytes, output.path("content_type").asText()));
                    } finally {
                        Files.deleteIfExists(partial);
                    }
                }
                if (connection.json) {
                    out.println(Json.write(summary));
                } else {
                    lines.forEach(out::println);
                }
                return 0;
            });
        }

        private static String sha256(Path file) throws Exception {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
