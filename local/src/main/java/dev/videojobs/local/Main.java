package dev.videojobs.local;

import dev.videojobs.local.bench.BenchCommand;
import dev.videojobs.local.cli.DemoCommand;
import dev.videojobs.local.cli.ServeCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code java -jar video-jobs-local.jar demo|serve|bench [options]}. */
public final class Main {

    private static final String USAGE = """
            usage: java -jar local/target/video-jobs-local.jar <command> [options]
              demo  [--out DIR] [--model M] [--provider wavespeed|kling]   run one job end to end on the local stack
              serve [--port 3000] [--api-key KEY]... [--info-file PATH] [--time-scale 0.05]
              bench [cold|copy|throughput|cost|all]                          print benchmark figures, write bench-results.json
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.print(USAGE);
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        List<String> apiKeys = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    System.err.println("option " + args[i] + " needs a value\n" + USAGE);
                    return 2;
                }
                String name = args[i].substring(2);
                if (name.equals("api-key")) {
                    apiKeys.add(args[++i]);
                } else {
                    options.put(name, args[++i]);
                }
            } else {
                positional.add(args[i]);
            }
        }
        return switch (args[0]) {
            case "demo" -> new DemoCommand(System.out).run(options);
            case "serve" -> new ServeCommand(System.out).run(options, apiKeys);
            case "bench" -> new BenchCommand(System.out).run(positional.isEmpty() ? "all" : positional.get(0), options);
            default -> {
                System.err.print(USAGE);
                yield 2;
            }
        };
    }
}
