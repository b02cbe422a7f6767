package dev.videojobs.local.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.adapter.aws.DynamoJobStore;
import dev.videojobs.adapter.aws.DynamoTenantRegistry;
import dev.videojobs.adapter.aws.DynamoWebhookSecrets;
import dev.videojobs.adapter.aws.JobJson;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.tenant.TenantRegistry;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.aws.AwsClients;
import dev.videojobs.local.stack.testing.AwsEnvironment;
import dev.videojobs.local.stack.testing.AwsEnvironmentExtension;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The tenant registry on the Jobs table of template.yaml, beside jobs and webhook secrets. */
@ExtendWith(AwsEnvironmentExtension.class)
class DynamoTenantRegistryIT {

    private static DynamoDbClient dynamo;
    private static String table;
    private static TenantRegistry registry;

    @BeforeAll
    static void connect(AwsEnvironment aws) {
        dynamo = AwsClients.dynamoDb(aws.endpoints());
        table = aws.provision(aws.template().withStackName("video-jobs-tenants-it")).tableName("JobsTable");
        registry = new DynamoTenantRegistry(dynamo, table, Clock.systemUTC());
    }

    @Test
    void shouldRegisterATenantOnce_whenRegisteredTwice() {
        String tenant = fresh("tenant");

        boolean first = registry.registerTenant(tenant);
        boolean second = registry.registerTenant(tenant);

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(registry.exists(tenant)).isTrue();
        assertThat(registry.exists(fresh("never-registered"))).isFalse();
    }

    @Test
    void shouldResolveBothKeysToTheTenant_whenASecondKeyIsAdded() {
        String tenant = registered();
        String first = fresh("key");
        String second = fresh("key");

        registry.addKey(tenant, first);
        registry.addKey(tenant, second);
        registry.addKey(tenant, second); // again: no change

        assertThat(registry.tenantOfKey(first)).contains(tenant);
        assertThat(registry.tenantOfKey(second)).contains(tenant);
        assertThat(registry.describe(tenant).orElseThrow().apiKeyIds()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void shouldRefuseTheKey_whenItsTenantIsNotRegistered() {
        String tenant = fresh("unregistered");
        String key = fresh("key");

        assertThatThrownBy(() -> registry.addKey(tenant, key))
                .isInstanceOf(TenantRegistry.RegistrationException.class).hasMessageContaining("not registered");

        assertThat(registry.tenantOfKey(key)).isEmpty();
        assertThat(registry.exists(tenant)).isFalse();
    }

    @Test
    void shouldKeepTheKeyWithItsOwner_whenAnotherTenantAddsIt() {
        String owner = registered();
        String other = registered();
        String key = fresh("key");
        registry.addKey(owner, key);

        assertThatThrownBy(() -> registry.addKey(other, key))
                .isInstanceOf(TenantRegistry.RegistrationException.class).hasMessageContaining("belongs to tenant " + owner);

        assertThat(registry.tenantOfKey(key)).contains(owner);
        assertThat(registry.describe(other).orElseThrow().apiKeyIds()).isEmpty();
    }

    @Test
    void shouldForgetTheKeyOnly_whenItsTenantRemovesIt() {
        String tenant = registered();
        String other = registered();
        String removed = fresh("key");
        String kept = fresh("key");
        registry.addKey(tenant, removed);
        registry.addKey(tenant, kept);

        boolean byOther = registry.removeKey(other, removed);
        boolean byOwner = registry.removeKey(tenant, removed);
        boolean again = registry.removeKey(tenant, removed);

        assertThat(byOther).isFalse();
        assertThat(byOwner).isTrue();
        assertThat(again).isFalse();
        assertThat(registry.tenantOfKey(removed)).isEmpty();
        assertThat(registry.tenantOfKey(kept)).contains(tenant);
        assertThat(registry.describe(tenant).orElseThrow().apiKeyIds()).containsExactly(kept);
    }

    @Test
    void shouldStayOutOfTheJobIndexesAndTheWebhookSecret_whenATenantWithKeysHasJobs() {
        String tenant = registered();
        registry.addKey(tenant, fresh("key"));
        String secret = new DynamoWebhookSecrets(dynamo, table).secretsOf(tenant).current();
        JobStore jobs = new DynamoJobStore(dynamo, table);
        Job job = newJob("job_" + UUID.randomUUID().toString().replace("-", ""), tenant);
        jobs.create(job);

        assertThat(jobs.list(tenant, Optional.empty(), 100, Optional.empty()).jobs()).extracting(Job::id).containsExactly(job.id());
        assertThat(jobs.due(Long.MAX_VALUE, 1000)).contains(job.id()).allMatch(id -> id.startsWith("job_"));
        assertThat(new DynamoWebhookSecrets(dynamo, table).secretsOf(tenant).current()).isEqualTo(secret);
        assertThat(registry.exists(tenant)).isTrue();
    }

    private static String registered() {
        String tenant = fresh("tenant");
        registry.registerTenant(tenant);
        return tenant;
    }

    private static String fresh(String kind) {
        return kind + "-" + UUID.randomUUID();
    }

    private static Job newJob(String id, String tenant) {
        Instant created = Instant.now();
        ObjectNode doc = Json.object().put("id", id).put("tenant", tenant).put("status", "queued").put("version", 1)
                .put("model", "kling-v1.6-i2v-pro").put("provider", "wavespeed").put("created_at", created.toString())
                .put("updated_at", created.toString()).put("deadline_at_ms", created.plusSeconds(3600).toEpochMilli())
                .put("next_check_at", created.toEpochMilli());
        doc.putObject("params");
        doc.putObject("inputs");
        return JobJson.read(Json.write(doc));
    }
}
