package dev.videojobs.local.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.adapter.aws.DynamoIdempotencyKeys;
import dev.videojobs.adapter.aws.DynamoJobStore;
import dev.videojobs.adapter.aws.DynamoWebhookSecrets;
import dev.videojobs.adapter.aws.JobJson;
import dev.videojobs.core.job.IdempotencyKeys;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobIds;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.notify.WebhookSecrets;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.aws.AwsClients;
import dev.videojobs.local.stack.testing.AwsEnvironment;
import dev.videojobs.local.stack.testing.AwsEnvironmentExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The Jobs table adapters against the table of template.yaml: conditional writes, indexes, the idempotency race. */
@ExtendWith(AwsEnvironmentExtension.class)
class DynamoAdaptersIT {

    static final String ADAPTER_STACK = "video-jobs-adapters-it";

    private static DynamoDbClient dynamo;
    private static String table;
    private static JobStore jobs;

    @BeforeAll
    static void connect(AwsEnvironment aws) {
        dynamo = AwsClients.dynamoDb(aws.endpoints());
        // a table of its own: the end-to-end stack's sweeper works on the shared one
        table = aws.provision(aws.template().withStackName(ADAPTER_STACK)).tableName("JobsTable");
        jobs = new DynamoJobStore(dynamo, table);
    }

    @Test
    void shouldLetOnlyOneWriterWin_whenTwoReplaceTheSameVersion() {
        Job job = newJob(UUID.randomUUID().toString(), "tenant-cas", Instant.now());
        jobs.create(job);

        boolean first = jobs.replace(job.copy().moveTo(JobStatus.SUBMITTED, Instant.now()).bumpVersion(), 1);
        boolean second = jobs.replace(job.copy().moveTo(JobStatus.CANCELLED, Instant.now()).bumpVersion(), 1);

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(jobs.get(job.id()).orElseThrow().status()).isEqualTo(JobStatus.SUBMITTED);
        assertThat(jobs.create(job)).isFalse();
    }

    @Test
    void shouldFindJobsThroughEachIndex_whenTheyAreLiveOrFinished() {
        String tenant = "tenant-" + UUID.randomUUID();
        Instant now = Instant.now();
        Job live = newJob("live-" + UUID.randomUUID(), tenant, now.minusSeconds(10));
        live.providerTask("task-" + live.id()).nextCheckAt(now.minusSeconds(1));
        Job done = newJob("done-" + UUID.randomUUID(), tenant, now);
        done.moveTo(JobStatus.FAILED, now);
        jobs.create(live);
        jobs.create(done);

        assertThat(jobs.findByProviderTask("wavespeed", "task-" + live.id())).contains(live.id());
        assertThat(jobs.due(now.toEpochMilli(), 1000)).contains(live.id()).doesNotContain(done.id());
        assertThat(jobs.list(tenant, Optional.empty(), 10, Optional.empty()).jobs()).extracting(Job::id).containsExactly(done.id(), live.id());
        assertThat(jobs.list(tenant, Optional.of(JobStatus.FAILED), 10, Optional.empty()).jobs()).extracting(Job::id).containsExactly(done.id());
    }

    @Test
    void shouldDeleteOnlyTheVersionReadAndKeepItsTaskKnown_whenAnEndedJobIsDeleted() {
        // Arrange: an ended job with a provider task, and a copy of it read before a later write
        Instant now = Instant.now();
        Job done = newJob("deleted-" + UUID.randomUUID(), "tenant-delete", now);
        done.providerTask("task-" + done.id()).moveTo(JobStatus.FAILED, now);
        jobs.create(done);
        Job stale = done.copy();
        jobs.replace(done.copy().touch(now).bumpVersion(), done.version());

        // Act
        boolean staleDeleted = jobs.delete(stale);
        boolean deleted = jobs.delete(jobs.get(done.id()).orElseThrow());

        // Assert: gone as a job, its task still answered as the deleted job's (so no reconciliation counts it as unknown)
        assertThat(staleDeleted).isFalse();
        assertThat(deleted).isTrue();
        assertThat(jobs.get(done.id())).isEmpty();
        assertThat(jobs.findByProviderTask("wavespeed", "task-" + done.id())).hasValueSatisfying(owner -> assertThat(owner).isNotEmpty()
                .contains(done.id()));
        assertThat(jobs.list("tenant-delete", Optional.empty(), 10, Optional.empty()).jobs()).extracting(Job::id).doesNotContain(done.id());
    }

    @Test
    void shouldFindTheOldestLiveJob_whenLiveJobsAreInTheDueIndex() {
        // Arrange: a live job (its id carries its creation time, as every job's does)
        String id = JobIds.next();
        Instant created = JobIds.createdAt(id);
        jobs.create(newJob(id, "tenant-oldest", created));

        // Act
        Optional<Instant> oldest = jobs.oldestLiveCreatedAt();

        // Assert: no later than this job's creation (other live jobs of this table may be older)
        assertThat(oldest).hasValueSatisfying(at -> assertThat(at).isBeforeOrEqualTo(created));
    }

    @Test
    void shouldReserveOnce_whenIdenticalSubmitsRace() {
        IdempotencyKeys keys = new DynamoIdempotencyKeys(dynamo, table, Clock.systemUTC(), Duration.ofHours(25));
        String key = "race-" + UUID.randomUUID();

        List<IdempotencyKeys.Reservation> reservations = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> keys.reserve("tenant-race", key, "fingerprint", "job-" + i)))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(reservations).filteredOn(IdempotencyKeys.Reservation::fresh).hasSize(1);
        assertThat(reservations).extracting(IdempotencyKeys.Reservation::jobId).containsOnly(reservations.stream()
                .filter(IdempotencyKeys.Reservation::fresh).findFirst().orElseThrow().jobId());
    }

    @Test
    void shouldAgreeOnOneSecret_whenATenantsSecretIsCreatedConcurrently() {
        String tenant = "tenant-" + UUID.randomUUID();

        List<String> secrets = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> new DynamoWebhookSecrets(dynamo, table).secretsOf(tenant).current()))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(secrets).hasSize(6).allMatch(secret -> secret.startsWith("whsec_"));
        assertThat(secrets.stream().distinct()).hasSize(1);
    }

    @Test
    void shouldKeepEveryRotatedSecret_whenRotationsRunConcurrently() {
        // Arrange
        String tenant = "tenant-" + UUID.randomUUID();
        DynamoWebhookSecrets store = new DynamoWebhookSecrets(dynamo, table);
        String first = store.secretsOf(tenant).current();
        Instant until = Instant.now().plus(Duration.ofHours(24));

        // Act: four rotations at once; each must replace the secret it read, so none is lost
        List<WebhookSecrets.Secrets> rotations = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> store.rotate(tenant, until))).toList().stream()
                .map(CompletableFuture::join).toList();

        // Assert: they form one chain from the first secret to the current one
        WebhookSecrets.Secrets now = store.secretsOf(tenant);
        assertThat(rotations).extracting(WebhookSecrets.Secrets::current).doesNotHaveDuplicates().contains(now.current());
        assertThat(rotations).extracting(rotation -> rotation.previous().orElseThrow())
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(java.util.stream.Stream.of(first),
                        rotations.stream().map(WebhookSecrets.Secrets::current).filter(secret -> !secret.equals(now.current()))).toList());
        assertThat(now.previousValidUntil()).contains(Instant.ofEpochMilli(until.toEpochMilli()));
        assertThat(now.signingAt(Instant.now())).containsExactly(now.current(), now.previous().orElseThrow());
        assertThat(now.signingAt(until.plusSeconds(1))).containsExactly(now.current());
    }

    private static Job newJob(String id, String tenant, Instant created) {
        ObjectNode doc = Json.object().put("id", id).put("tenant", tenant).put("status", "queued").put("version", 1)
                .put("model", "kling-v1.6-i2v-pro").put("provider", "wavespeed").put("created_at", created.toString())
                .put("updated_at", created.toString()).put("deadline_at_ms", created.plusSeconds(3600).toEpochMilli())
                .put("next_check_at", created.toEpochMilli());
        doc.putObject("params");
        doc.putObject("inputs");
        return JobJson.read(Json.write(doc));
    }
}
