package dev.videojobs.local.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code java -jar video-jobs-local.jar <command> [options]}. A new command is one more class in {@code subcommands};
 * every command gets {@code --help}, and an unknown option or a bad value prints the command's usage and exits 2.
 */
@Command(name = "video-jobs-local", synopsisSubcommandLabel = "<command>",
        description = "The embedded local stack: DynamoDB Local, ElasticMQ, S3Proxy and the provider simulator in one JVM.",
        subcommands = {
            DemoCommand.class,
            ServeCommand.class,
            BenchCommand.class,
            TenantCommand.class,
            JobsCommand.class,
        })
public final class Main implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        // the functions run in this JVM: as on AWS (template.yaml), the JDK must never re-send a POST by itself
        System.setProperty("sun.net.http.retryPost", "false");
        System.exit(commandLine().execute(args));
    }

    /** The parser for every command, ready to execute; tests replace its execution strategy to parse only. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The same, with {@code jobs} reading its key and URL from {@code environment} (tests pass one). */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                return type == JobsCommand.class ? (K) new JobsCommand(environment) : defaults.create(type);
            }
        };
        return new CommandLine(new Main(), factory)
                .setParameterExceptionHandler(Main::refuse);
    }

    /** No command named: the usage, as for any other bad input. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * The error naming the bad option or value, any "did you mean", then the usage of the command it was given to.
     * Unknown arguments come first: in {@code bench --xyz 1} the mistake is {@code --xyz}, not the benchmark "1".
     */
    private static int refuse(CommandLine.ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        List<String> unknown = command.getUnmatchedArguments();
        if (!unknown.isEmpty() && !(error instanceof CommandLine.UnmatchedArgumentException)) {
            String quoted = unknown.stream().map(argument -> "'" + argument + "'").collect(Collectors.joining(", "));
            err.println(command.getCommandName() + ": Unknown option" + (unknown.size() == 1 ? ": " : "s: ") + quoted);
        }
        err.println(command.getCommandName() + ": " + error.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(error, err);
        command.usage(err);
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
