package dev.videojobs.local.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.Tenants;
import dev.videojobs.shared.json.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Runs the local stack until interrupted, for curl and the AWS CLI. */
public final class ServeCommand {

    private final PrintStream out;

    public ServeCommand(PrintStream out) {
        this.out = out;
    }

    public int run(Map<String, String> options, List<String> apiKeys) throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        (apiKeys.isEmpty() ? List.of(Tenants.DEFAULT_KEY) : apiKeys).forEach(key -> keys.put(key, Tenants.tenantOf(key)));
        LocalStack.Options stackOptions = LocalStack.Options.defaults()
                .withPort(Integer.parseInt(options.getOrDefault("port", "3000")))
                .withApiKeys(keys)
                .withTimeScale(Double.parseDouble(options.getOrDefault("time-scale", "0.05")));
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
        if (options.containsKey("info-file")) {
            Files.writeString(Path.of(options.get("info-file")), Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info));
            out.println("  info written to " + options.get("info-file"));
        }
        out.println("Ctrl-C to stop.");
        new CountDownLatch(1).await();
        return 0;
    }
}
