package dev.videojobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;
import dev.videojobs.core.model.Field;
import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The main job on the embedded default: start the local stack, submit a real job through the public API with the
 * sample image, follow it to the end, check the signed webhook, and write the finished output to {@code --out}.
 * Exit code 0 on success, 1 with a message otherwise.
 */
@Command(name = "demo", description = "Run one job end to end on the local stack and write its output to --out.")
public final class DemoCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    // a real provider takes minutes per video, and is polled at AWS timings when it cannot call back
    private static final Duration REAL_PROVIDER_TIMEOUT = Duration.ofMinutes(30);

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "Where the finished output goes (default: ${DEFAULT-VALUE}).")
    private Path outDir;

    @Option(names = "--model", paramLabel = "M", defaultValue = "kling-v1.6-i2v-pro", converter = OptionValues.ModelId.class,
            description = "The model, one of those below (default: ${DEFAULT-VALUE}).")
    private ProductModel model;

    @Option(names = "--provider", paramLabel = "wavespeed|kling", converter = OptionValues.Provider.class,
            description = "The provider (default: the model's default provider).")
    private ProviderName provider;

    @ArgGroup(exclusive = false, heading = "%nReal providers instead of the simulator:%n")
    private RealProviderOptions realProviders = new RealProviderOptions();

    private final PrintStream out = System.out;
    private CommandSpec spec;

    /** Lists the models one a line under the options: wrapped inside a description, picocli would split their ids. */
    @Spec
    void listModels(CommandSpec spec) {
        this.spec = spec;
        spec.usageMessage().footer(Stream.concat(Stream.of("%nModels:"), Stream.of(ProductModel.values()).map(m -> "  " + m.id()))
                .toArray(String[]::new));
    }

    @Override
    public Integer call() throws Exception {
        if (provider != null && model.route(provider).isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--provider': " + model.id()
                    + " is not offered by " + provider.wire());
        }
        LocalStack.Options options = realProviders.applyTo(LocalStack.Options.defaults(), spec, System.getenv());
        if (provider == null && options.realProviders().size() == 1) {
            // one real provider asked for: the demo's job is for it
            provider = options.realProviders().keySet().iterator().next();
            if (model.route(provider).isEmpty()) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--model': " + model.id()
                        + " is not offered by " + provider.wire());
            }
        }
        Duration timeout = options.realProviders().isEmpty() ? TIMEOUT : REAL_PROVIDER_TIMEOUT;
        Instant started = Instant.now();
        out.println("video-jobs demo: starting the local stack (DynamoDB Local, ElasticMQ, S3Proxy, provider simulator)...");
        options.realProviders().forEach((name, real) -> out.println("  " + name.wire() + " is the real API at " + real.baseUrl()
                + " (your account is charged)"));
        try (LocalStack stack = LocalStack.start(options); WebhookReceiver receiver = new WebhookReceiver()) {
            out.printf("  stack up in %.1f s; API at %s%n", secondsSince(started), stack.apiUrl());
            String apiKey = stack.apiKeys().keySet().iterator().next();
            ApiClient api = new ApiClient(stack.apiUrl(), apiKey);
            String secret = api.get("/v1/webhook/secret").body().path("secret").asText();

            ObjectNode request = Json.object().put("model", model.id()).put("webhook_url", receiver.url("/hooks/video").toString());
            Set<Field> fields = fieldsTaken();
            if (fields.contains(Field.IMAGES)) {
                request.putArray(Field.IMAGES.wire()).add(sampleImageDataUri());
            } else {
                request.put(Field.IMAGE.wire(), sampleImageDataUri());
            }
            if (fields.contains(Field.PROMPT)) {
                request.put(Field.PROMPT.wire(), "slow dolly-in on the lighthouse at sunset, waves rolling in, seagulls drifting");
            }
            if (fields.contains(Field.DURATION)) {
                request.put(Field.DURATION.wire(), 5);
            }
            if (provider != null) {
                request.put("provider", provider.wire());
            }
            ApiClient.Reply submitted = api.post("/v1/jobs", Json.write(request));
            if (submitted.status() != 202) {
                return fail("submit answered HTTP " + submitted.status() + ": " + submitted.body());
            }
            String jobId = submitted.body().path("id").asText();
            out.println("  submitted " + jobId + " (" + model.id() + " on " + submitted.body().path("provider").asText() + ")");

            JsonNode job = follow(api, jobId, timeout);
            if (!job.path("status").asText().equals("succeeded")) {
                return fail("job ended " + job.path("status").asText() + ": " + job.path("error"));
            }
            WebhookReceiver.Delivery delivery = awaitWebhook(receiver);
            if (delivery == null) {
                return fail("no webhook arrived");
            }
            new Webhook(secret).verify(delivery.body(), delivery.headers());
            out.println("  webhook received, signature verified (webhook-id " + delivery.header("webhook-id") + ")");

            Files.createDirectories(outDir);
            for (JsonNode output : job.path("outputs")) {
                String name = jobId + "-" + Path.of(output.path("key").asText()).getFileName();
                Path target = outDir.resolve(name);
                api.download(URI.create(output.path("url").asText()), target);
                String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(target)));
                if (!sha256.equals(output.path("sha256").asText())) {
                    return fail("downloaded " + target + " does not match the job's sha256");
                }
                out.printf("  wrote %s (%,d bytes, %s, sha256 verified)%n", target, Files.size(target), output.path("content_type").asText());
            }
            out.println(Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(job));
            out.printf("demo finished in %.1f s%n", secondsSince(started));
            return 0;
        }
    }

    /** The fields the model takes on the chosen provider or, when the API picks it, on every provider offering it. */
    private Set<Field> fieldsTaken() {
        Set<Field> fields = EnumSet.allOf(Field.class);
        for (ProviderName offering : model.providers()) {
            if (provider == null || provider == offering) {
                fields.retainAll(model.route(offering).orElseThrow().fields());
            }
        }
        return fields;
    }

    /** Polls the job: on a terminal, one progress line redrawn in place; otherwise one line per status. */
    private JsonNode follow(ApiClient api, String jobId, Duration timeout) throws Exception {
        boolean console = System.console() != null;
        Instant start = Instant.now();
        String last = "";
        String[] spinner = {"|", "/", "-", "\\"};
        for (int tick = 0; ; tick++) {
            JsonNode job = api.get("/v1/jobs/" + jobId).body();
            String status = job.path("status").asText();
            boolean finished = status.matches("succeeded|failed|cancelled|expired");
            if (console) {
                out.printf("\r  [%s] %-10s %5.1f s%s", finished ? "*" : spinner[tick % spinner.length], status, secondsSince(start),
                        finished || !status.equals(last) && !last.isEmpty() ? "\n" : "");
            } else if (!status.equals(last)) {
                out.printf("  %-10s at %5.1f s%n", status, secondsSince(start));
            }
            last = status;
            if (finished) {
                return job;
            }
            if (Duration.between(start, Instant.now()).compareTo(timeout) > 0) {
                throw new IllegalStateException("job " + jobId + " still " + status + " after " + timeout.toMinutes() + " minutes");
            }
            Thread.sleep(200);
        }
    }

    private static WebhookReceiver.Delivery awaitWebhook(WebhookReceiver receiver) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (receiver.deliveries().isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        return receiver.deliveries().isEmpty() ? null : receiver.deliveries().get(0);
    }

    static String sampleImageDataUri() throws Exception {
        try (InputStream image = DemoCommand.class.getResourceAsStream("/sample/lighthouse.jpg")) {
            return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(image.readAllBytes());
        }
    }

    private int fail(String message) {
        System.err.println("demo failed: " + message);
        return 1;
    }

    private static double secondsSince(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }
}
