package dev.videojobs.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.model.ProviderName;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * The command line of the local tool, parsed but never run: a command that parses cleanly ends with {@link #PARSED}
 * instead of starting the stack, so every exit code here comes from the parser, help or the refusal of bad input.
 */
class MainTest {

    private static final int PARSED = 99;
    private static final List<String> COMMANDS = List.of("demo", "serve", "bench");
    private static final Map<String, Set<String>> KNOWN_OPTIONS = Main.commandLine().getSubcommands().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, command -> command.getValue().getCommandSpec().optionsMap().keySet()));

    /** One parser per test (picocli resets it before each parse): building one per try would dominate the property. */
    private final CommandLine commandLine = Main.commandLine();
    private StringWriter out;
    private StringWriter err;
    private CommandSpec parsed;

    /** Executes like {@link Main#main} does, except that a parsed subcommand is recorded rather than run. */
    private int run(String... args) {
        capturingOutput(commandLine).setExecutionStrategy(result -> {
            Integer help = CommandLine.executeHelpRequest(result);
            if (help != null) {
                return help;
            }
            if (!result.hasSubcommand()) {
                return new CommandLine.RunLast().execute(result);
            }
            ParseResult command = result.subcommand();
            parsed = command.commandSpec();
            return PARSED;
        });
        return commandLine.execute(args);
    }

    private CommandLine capturingOutput(CommandLine commandLine) {
        out = new StringWriter();
        err = new StringWriter();
        return commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }

    private Object value(String option) {
        return parsed.findOption(option).getValue();
    }

    @ParameterizedTest
    @CsvSource({
        "demo,  --out --model --provider --wavespeed-url --kling-url --public-url --public-s3-url kling-v1.6-i2v-pro",
        "serve, --port --api-key --info-file --time-scale --wavespeed-url --kling-url --public-url --public-s3-url",
        "bench, --rounds --copies --jobs --polling-jobs cold|copy|throughput|cost|all",
    })
    void shouldPrintTheCommandsOptionsAndExitZero_whenHelpIsAsked(String command, String expected) {
        // Arrange
        String[] names = expected.split(" ");

        // Act
        int helpCode = run(command, "--help");
        String help = out.toString();
        int shortHelpCode = run(command, "-h");

        // Assert
        assertThat(helpCode).isZero();
        assertThat(shortHelpCode).isZero();
        assertThat(help).startsWith("Usage: video-jobs-local " + command).contains(names).contains("--help");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldListEveryCommandAndExitZero_whenHelpIsAskedOfTheTool() {
        // Act
        int code = run("--help");

        // Assert
        assertThat(code).isZero();
        assertThat(out.toString()).contains(COMMANDS);
    }

    @Test
    void shouldPrintTheUsageAndExitTwo_whenNoCommandIsGiven() {
        // Act
        int code = run();

        // Assert
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: video-jobs-local").contains(COMMANDS);
        assertThat(out.toString()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nosuch", "Demo", "--serve"})
    void shouldPrintTheUsageAndExitTwo_whenTheCommandIsUnknown(String command) {
        // Act
        int code = run(command);

        // Assert
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'" + command + "'").contains("Usage: video-jobs-local");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serve --provider-limt x         | --provider-limt",
        "serve --port 3000 --verbose     | --verbose",
        "demo --out out --modle kling    | --modle",
        "bench cold --round 3            | --round",
        "bench --rounds 2 cold copy      | copy",
        "demo extra                      | extra",
    })
    void shouldNameTheArgumentAndExitTwoWithTheUsage_whenAnOptionOrArgumentIsUnknown(String args, String named) {
        // Act
        int code = run(args.split(" "));

        // Assert
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'" + named + "'").contains("Usage: video-jobs-local " + args.split(" ")[0]);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serve --port                    | --port",
        "serve --port --api-key k        | --port",
        "serve --api-key                 | --api-key",
        "serve --info-file               | --info-file",
        "serve --time-scale              | --time-scale",
        "demo --out                      | --out",
        "demo --model                    | --model",
        "demo --provider                 | --provider",
        "serve --kling-url               | --kling-url",
        "demo --wavespeed-url            | --wavespeed-url",
        "bench --rounds                  | --rounds",
        "bench cold --copies             | --copies",
        "bench --jobs                    | --jobs",
        "bench --polling-jobs            | --polling-jobs",
    })
    void shouldNameTheOptionAndExitTwoWithTheUsage_whenItsValueIsMissing(String args, String option) {
        // Act
        int code = run(args.split(" "));

        // Assert
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'" + option + "'").contains("Usage: video-jobs-local " + args.split(" ")[0]);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serve --port abc                | --port         | 'abc' is not an integer",
        "serve --port 70000              | --port         | 0..65535",
        "serve --port -1                 | --port         | 0..65535",
        "serve --port 3000.5             | --port         | not an integer",
        "serve --time-scale 0            | --time-scale   | above 0 and at most 1",
        "serve --time-scale -0.5         | --time-scale   | above 0 and at most 1",
        "serve --time-scale 1.5          | --time-scale   | above 0 and at most 1",
        "serve --time-scale NaN          | --time-scale   | above 0 and at most 1",
        "serve --time-scale fast         | --time-scale   | not a number",
        "serve --api-key=                | --api-key      | blank",
        "serve --kling-url ftp://k.test  | --kling-url    | 'ftp://k.test' is not an http(s) URL with a host",
        "serve --kling-url api.klingai   | --kling-url    | not an http(s) URL",
        "serve --wavespeed-url https://u:p@ws.test | --wavespeed-url | no credentials, query or fragment",
        "demo --wavespeed-url http://     | --wavespeed-url | not a URL",
        "serve --public-url https://x.test/?a=1 | --public-url | not an http(s) URL",
        "demo --model kling-v9           | --model        | unknown model 'kling-v9' (one of: kling-v1.6-i2v-pro,",
        "demo --model KLING-V1.6-I2V-PRO | --model        | unknown model",
        "demo --provider foo             | --provider     | unknown provider 'foo' (wavespeed or kling)",
        "demo --provider Kling           | --provider     | unknown provider",
        "bench --rounds 0                | --rounds       | not a positive integer",
        "bench --copies -2               | --copies       | not a positive integer",
        "bench --jobs many               | --jobs         | not an integer",
        "bench --polling-jobs 0          | --polling-jobs | not a positive integer",
        "bench nosuch                    | positional parameter at index 0 | unknown benchmark 'nosuch' (cold, copy, throughput, cost or all)",
    })
    void shouldNameTheOptionAndExitTwoWithTheUsage_whenItsValueIsBad(String args, String option, String reason) {
        // Act
        int code = run(args.split(" "));

        // Assert
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(option).contains(reason).contains("Usage: video-jobs-local " + args.split(" ")[0]);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRefuseBeforeStartingAnything_whenTheModelIsNotOfferedByTheProvider() {
        // Arrange: kling-v1.6-multi-i2v-standard is on Kling only; the real strategy, which checks before the stack starts
        CommandLine asShipped = capturingOutput(Main.commandLine());

        // Act
        int code = asShipped.execute("demo", "--model", "kling-v1.6-multi-i2v-standard", "--provider", "wavespeed");

        // Assert
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'--provider'").contains("kling-v1.6-multi-i2v-standard is not offered by wavespeed")
                .contains("Usage: video-jobs-local demo");
        assertThat(out.toString()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serve --kling-url https://api-singapore.klingai.com       | KLING_ACCESS_KEY",
        "demo --provider kling --kling-url http://127.0.0.1:9      | KLING_ACCESS_KEY",
        "serve --wavespeed-url https://api.wavespeed.ai            | WAVESPEED_API_KEY",
        "demo --wavespeed-url https://api.wavespeed.ai --public-url https://me.test | WAVESPEED_API_KEY",
    })
    void shouldNameTheVariableAndExitTwoBeforeStartingAnything_whenAProviderUrlComesWithoutCredentials(String args, String variable) {
        // Arrange: the real strategy, which checks before the stack starts; this JVM has no provider credentials
        Assumptions.assumeTrue(System.getenv(variable) == null, variable + " is set in this environment");
        CommandLine asShipped = capturingOutput(Main.commandLine());

        // Act
        int code = asShipped.execute(args.split(" "));

        // Assert
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Missing environment variable " + variable).contains("Usage: video-jobs-local " + args.split(" ")[0]);
        assertThat(out.toString()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serve --public-url https://tunnel.test                                   | '--public-url'    | --wavespeed-url or --kling-url",
        "demo --public-url https://tunnel.test                                    | '--public-url'    | --wavespeed-url or --kling-url",
        "serve --public-s3-url https://s3.tunnel.test                             | '--public-s3-url' | give --wavespeed-url too",
        "demo --kling-url https://k.test --public-s3-url https://s3.tunnel.test  | '--public-s3-url' | give --wavespeed-url too",
    })
    void shouldExitTwoBeforeStartingAnything_whenAPublicAddressComesWithoutItsProvider(String args, String option, String reason) {
        // Arrange
        CommandLine asShipped = capturingOutput(Main.commandLine());

        // Act
        int code = asShipped.execute(args.split(" "));

        // Assert
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(option).contains(reason);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldUseTheDocumentedDefaults_whenNoOptionIsGiven() {
        // Act
        int demo = run("demo");
        Object[] demoValues = {value("--out"), value("--model"), value("--provider")};
        int serve = run("serve");
        Object[] serveValues = {value("--port"), value("--api-key"), value("--info-file"), value("--time-scale")};
        int bench = run("bench");
        Object[] benchValues = {parsed.positionalParameters().get(0).getValue(), value("--rounds"), value("--copies"),
            value("--jobs"), value("--polling-jobs")};

        // Assert
        assertThat(List.of(demo, serve, bench)).containsOnly(PARSED);
        assertThat(demoValues).containsExactly(Path.of("out"), ProductModel.KLING_V16_I2V_PRO, null);
        assertThat(serveValues).containsExactly(3000, List.of("local-dev-key"), null, 0.05);
        assertThat(benchValues).containsExactly("all", 5, 3, Optional.empty(), Optional.empty());
    }

    @Test
    void shouldTakeTheGivenValues_whenTheyAreValid() {
        // Act
        int demo = run("demo", "--out", "videos", "--model", "kling-v1-ai-multi-shot", "--provider", "kling");
        Object[] demoValues = {value("--out"), value("--model"), value("--provider")};
        int serve = run("serve", "--port", "0", "--api-key", "alice-key", "--api-key", "bob-key", "--info-file", "local.json",
                "--time-scale", "1", "--kling-url", "https://api-singapore.klingai.com/", "--wavespeed-url", "http://127.0.0.1:8080",
                "--public-url", "https://tunnel.test");
        Object[] serveValues = {value("--port"), value("--api-key"), value("--info-file"), value("--time-scale")};
        Object[] urls = {value("--kling-url"), value("--wavespeed-url"), value("--public-url")};
        int maxPort = run("serve", "--port", "65535");
        Object maxPortValue = value("--port");
        int bench = run("bench", "throughput", "--rounds", "1", "--copies", "2", "--jobs", "10", "--polling-jobs", "5");
        Object[] benchValues = {parsed.positionalParameters().get(0).getValue(), value("--rounds"), value("--copies"),
            value("--jobs"), value("--polling-jobs")};

        // Assert
        assertThat(List.of(demo, serve, maxPort, bench)).containsOnly(PARSED);
        assertThat(demoValues).containsExactly(Path.of("videos"), ProductModel.KLING_V1_AI_MULTI_SHOT, ProviderName.KLING);
        assertThat(serveValues).containsExactly(0, List.of("alice-key", "bob-key"), Path.of("local.json"), 1.0);
        assertThat(urls).containsExactly(URI.create("https://api-singapore.klingai.com"), URI.create("http://127.0.0.1:8080"),
                URI.create("https://tunnel.test"));
        assertThat(maxPortValue).isEqualTo(65535);
        assertThat(benchValues).containsExactly("throughput", 1, 2, Optional.of(10), Optional.of(5));
        assertThat(err.toString()).isEmpty();
    }

    @Property(tries = 1000)
    void shouldRefuseWithExitTwo_whenAnOptionIsUnknown(@ForAll("commands") String command,
            @ForAll @AlphaChars @StringLength(min = 1, max = 20) String name, @ForAll boolean withValue) {
        // Arrange
        String option = "--" + name;
        Assume.that(!KNOWN_OPTIONS.get(command).contains(option));
        String[] args = withValue ? new String[] {command, option, "1"} : new String[] {command, option};

        // Act
        int code = run(args);

        // Assert
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'" + option + "'").contains("Usage: video-jobs-local " + command);
    }

    @Provide
    Arbitrary<String> commands() {
        return Arbitraries.of(COMMANDS);
    }
}
