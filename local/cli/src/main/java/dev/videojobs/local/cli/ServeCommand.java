package dev.videojobs.local.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.Tenants;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the local stack until interrupted, for curl and the AWS CLI. */
@Command(name = "serve", description = "Run the local stack until Ctrl-C, for curl and the AWS CLI.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "3000", converter = OptionValues.Port.class,
            description = "The API's port, 0..65535; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = Tenants.DEFAULT_KEY, converter = OptionValues.NonBlank.class,
            description = "An API key the API accepts, one tenant each; repeat for more (default: ${DEFAULT-VALUE}).")
    private List<String> apiKeys;

    @Option(names = "--info-file", paramLabel = "PATH", description = "Also write the stack's addresses and credentials there as JSON.")
    private Path infoFile;

    @Option(names = "--time-scale", paramLabel = "FACTOR", defaultValue = "0.05", converter = OptionValues.TimeScale.class,
            description = "How much to shrink the workflow's waits (checks, grace periods), above 0 and at most 1; "
                    + "1 keeps AWS timings (default: ${DEFAULT-VALUE}).")
    private double timeScale;

    @ArgGroup(exclusive = false, heading = "%nReal providers instead of the simulator:%n")
    private RealProviderOptions realProviders = new RealProviderOptions();

    @Spec
    private CommandSpec spec;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        apiKeys.forEach(key -> keys.put(key, Tenants.tenantOf(key)));
        LocalStack.Options stackOptions = realProviders.applyTo(LocalStack.Options.defaults()
                .withPort(port)
                .withApiKeys(keys)
                .withTimeScale(timeScale), spec, System.getenv());
        LocalStack stack = LocalStack.start(stackOptions);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        Map<String, Object> info = stack.info();
        out.println("video-jobs local stack is up");
        out.println("  API          " + info.get("api_url"));
        keys.forEach((key, tenant) -> out.println("  API key      " + key + "  (tenant " + tenant + ")"));
        out.println("  S3 endpoint  " + info.get("s3_endpoint") + "  bucket " + info.get("bucket"));
        out.println("  credentials  AWS_ACCESS_KEY_ID=" + info.get("aws_access_key_id") + " AWS_SECRET_ACCESS_KEY="
                + info.get("aws_secret_access_key") + " AWS_REGION=" + info.get("region"));
        out.println("  simulator    " + info.get("simulator_url") + "  (GET /__sim/tasks, POST /__sim/faults)");
        stackOptions.realProviders().forEach((provider, real) -> out.printf("  %-12s %s  (real: inputs by %s, %s)%n", provider.wire(),
                real.baseUrl(), LocalStack.RealProvider.inputDelivery(provider, stackOptions.publicS3Url()).wire(), stackOptions.publicUrl() == null
                        ? "polled at AWS timings" : "called back at " + stackOptions.publicUrl()));
        if (infoFile != null) {
            Files.writeString(infoFile, Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info));
            out.println("  info written to " + infoFile);
        }
        out.println("Ctrl-C to stop.");
        new CountDownLatch(1).await();
        return 0;
    }
}
