package dev.videojobs.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.aws.AwsClients;
import dev.videojobs.local.stack.testing.AwsEnvironment;
import dev.videojobs.local.stack.testing.AwsEnvironmentExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** The operator's tenant command against the Jobs table of template.yaml. */
@ExtendWith(AwsEnvironmentExtension.class)
class TenantCommandIT {

    private static AwsEnvironment aws;
    private static String table;

    private record Run(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return Json.parse(out);
        }
    }

    @BeforeAll
    static void connect(AwsEnvironment environment) {
        aws = environment;
        table = aws.resources().tableName("JobsTable");
    }

    @Test
    void shouldRegisterTheTenantWithBothKeys_whenAddNamesTwoKeyIds() throws Exception {
        String tenant = fresh("tenant");
        String first = fresh("key");
        String second = fresh("key");

        Run added = tenant("add", "--tenant", tenant, "--api-key-id", first, "--api-key-id", second);
        Run shown = tenant("show", "--api-key-id", second);

        assertThat(added.exitCode()).isZero();
        assertThat(added.json().path("tenant").asText()).isEqualTo(tenant);
        assertThat(keyIds(added)).containsExactlyInAnyOrder(first, second);
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.json().path("tenant").asText()).isEqualTo(tenant);
        assertThat(keyIds(shown)).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void shouldExitWithAMessage_whenAKeyIsAddedToATenantNobodyRegistered() {
        String tenant = fresh("unregistered");

        Run run = tenant("add-key", "--tenant", tenant, "--api-key-id", fresh("key"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(tenant + " is not registered");
        assertThat(tenant("show", "--tenant", tenant).exitCode()).isEqualTo(1);
    }

    @Test
    void shouldRemoveOnlyTheOwnersKey_whenRemoveKeyNamesAnotherTenant() throws Exception {
        String owner = fresh("tenant");
        String other = fresh("tenant");
        String key = fresh("key");
        tenant("add", "--tenant", owner, "--api-key-id", key);
        tenant("add", "--tenant", other);

        Run byOther = tenant("remove-key", "--tenant", other, "--api-key-id", key);
        Run stillThere = tenant("show", "--api-key-id", key);
        Run byOwner = tenant("remove-key", "--tenant", owner, "--api-key-id", key);

        assertThat(byOther.exitCode()).isEqualTo(1);
        assertThat(stillThere.json().path("tenant").asText()).isEqualTo(owner);
        assertThat(byOwner.exitCode()).isZero();
        assertThat(keyIds(byOwner)).isEmpty();
        assertThat(tenant("show", "--api-key-id", key).exitCode()).isEqualTo(1);
    }

    private static Run tenant(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] withTable = new String[args.length + 2];
        System.arraycopy(args, 0, withTable, 0, args.length);
        withTable[args.length] = "--table";
        withTable[args.length + 1] = table;
        int exitCode = new CommandLine(new TenantCommand(target -> AwsClients.dynamoDb(aws.endpoints())))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(withTable);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static String[] keyIds(Run run) throws Exception {
        return Json.MAPPER.convertValue(run.json().path("api_key_ids"), String[].class);
    }

    private static String fresh(String kind) {
        return kind + "-" + UUID.randomUUID();
    }
}
