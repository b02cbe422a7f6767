package dev.videojobs.local.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.adapter.aws.DynamoTenantRegistry;
import dev.videojobs.core.tenant.TenantRegistry;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.aws.AwsClients;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * {@code tenant add|add-key|remove-key|show}: the operator's side of the tenant registry in a deployed stack's Jobs
 * table, with the default AWS credential chain. Prints the tenant as JSON; exit code 1 when the registry refuses.
 */
@Command(name = "tenant",
        description = "Register tenants and their API key ids in a stack's tenant registry (its Jobs table).",
        subcommands = {TenantCommand.Add.class, TenantCommand.AddKey.class, TenantCommand.RemoveKey.class, TenantCommand.Show.class})
public final class TenantCommand implements Callable<Integer> {

    /** Where the registry is: the stack's Jobs table, in a region. */
    public static final class Target {
        @Option(names = "--table", required = true, description = "the stack's Jobs table (output JobsTable or the console)")
        String table;

        @Option(names = "--region", description = "AWS region; default: the AWS CLI's (AWS_REGION, ~/.aws/config)")
        String region;
    }

    private final Function<Target, DynamoDbClient> clients;

    @Spec
    CommandSpec spec;

    /** On AWS: the default credential chain (environment, profile, SSO, instance role). */
    public TenantCommand() {
        this(target -> {
            DynamoDbClientBuilder builder = DynamoDbClient.builder().credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .httpClient(AwsClients.httpClient());
            Optional.ofNullable(target.region).map(Region::of).ifPresent(builder::region);
            return builder.build();
        });
    }

    /** With the given clients (tests point them at the emulators). */
    public TenantCommand(Function<Target, DynamoDbClient> clients) {
        this.clients = clients;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Runs one registry change or read; a refusal is the operator's to fix, so it is a message, not a trace. */
    private int run(Target target, PrintWriter err, Function<TenantRegistry, Integer> task) {
        try (DynamoDbClient dynamo = clients.apply(target)) {
            return task.apply(new DynamoTenantRegistry(dynamo, target.table, Clock.systemUTC()));
        } catch (TenantRegistry.RegistrationException | SdkException e) {
            err.println("tenant: " + e.getMessage());
            return 1;
        }
    }

    private static int printTenant(TenantRegistry registry, String tenant, PrintWriter out, PrintWriter err) {
        Optional<TenantRegistry.Tenant> found = registry.describe(tenant);
        if (found.isEmpty()) {
            err.println("tenant: " + tenant + " is not registered");
            return 1;
        }
        ObjectNode json = Json.object().put("tenant", tenant).put("registered_at", found.get().registeredAt().toString());
        found.get().apiKeyIds().stream().sorted().forEach(json.putArray("api_key_ids")::add);
        out.println(Json.write(json));
        return 0;
    }

    @Command(name = "add",
            description = "Register a tenant (if new) and map API key ids to it. Existing deployment: --tenant = --api-key-id "
                    + "keeps the jobs a key made before the registry.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        TenantCommand parent;
        @Spec
        CommandSpec spec;
        @Mixin
        Target target = new Target();
        @Option(names = "--tenant", required = true, description = "tenant id: letters, digits, '-', '_' (at most 128)")
        String tenant;
        @Option(names = "--api-key-id", description = "an API Gateway key id (aws apigateway create-api-key prints it as id); repeatable")
        List<String> apiKeyIds = List.of();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            return parent.run(target, err, registry -> {
                registry.registerTenant(tenant);
                apiKeyIds.forEach(id -> registry.addKey(tenant, id));
                return printTenant(registry, tenant, out, err);
            });
        }
    }

    @Command(name = "add-key", description = "Map more API key ids to a registered tenant.")
    static final class AddKey implements Callable<Integer> {
        @ParentCommand
        TenantCommand parent;
        @Spec
        CommandSpec spec;
        @Mixin
        Target target = new Target();
        @Option(names = "--tenant", required = true)
        String tenant;
        @Option(names = "--api-key-id", required = true, description = "repeatable")
        List<String> apiKeyIds;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            return parent.run(target, err, registry -> {
                apiKeyIds.forEach(id -> registry.addKey(tenant, id));
                return printTenant(registry, tenant, out, err);
            });
        }
    }

    @Command(name = "remove-key",
            description = "Unmap API key ids from their tenant: calls with them get 403 within a minute (the functions' cache).")
    static final class RemoveKey implements Callable<Integer> {
        @ParentCommand
        TenantCommand parent;
        @Spec
        CommandSpec spec;
        @Mixin
        Target target = new Target();
        @Option(names = "--tenant", required = true, description = "the tenant the keys belong to (a guard against typos)")
        String tenant;
        @Option(names = "--api-key-id", required = true, description = "repeatable")
        List<String> apiKeyIds;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            return parent.run(target, err, registry -> {
                List<String> notTheirs = apiKeyIds.stream().filter(id -> !registry.removeKey(tenant, id)).toList();
                int shown = printTenant(registry, tenant, out, err);
                if (!notTheirs.isEmpty()) {
                    err.println("tenant: not keys of " + tenant + ": " + String.join(", ", notTheirs));
                    return 1;
                }
                return shown;
            });
        }
    }

    @Command(name = "show", description = "Print a tenant and its API key ids, by tenant or by key id.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        TenantCommand parent;
        @Spec
        CommandSpec spec;
        @Mixin
        Target target = new Target();
        @CommandLine.ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--tenant", required = true)
            String tenant;
            @Option(names = "--api-key-id", required = true)
            String apiKeyId;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            return parent.run(target, err, registry -> {
                Optional<String> tenant = which.tenant != null ? Optional.of(which.tenant) : registry.tenantOfKey(which.apiKeyId);
                if (tenant.isEmpty()) {
                    err.println("tenant: API key id " + which.apiKeyId + " is not registered");
                    return 1;
                }
                return printTenant(registry, tenant.get(), out, err);
            });
        }
    }
}
