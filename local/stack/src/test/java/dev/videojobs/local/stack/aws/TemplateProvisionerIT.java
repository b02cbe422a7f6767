package dev.videojobs.local.stack.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.testing.AwsEnvironment;
import dev.videojobs.local.stack.testing.AwsEnvironmentExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The real template.yaml, provisioned by {@link AwsEnvironmentExtension} (embedded, LocalStack or external). */
@ExtendWith(AwsEnvironmentExtension.class)
class TemplateProvisionerIT {

    private static AwsEnvironment aws;
    private static ProvisionedResources resources;
    private static DynamoDbClient dynamo;
    private static SqsClient sqs;
    private static S3Client s3;

    @BeforeAll
    static void connect(AwsEnvironment environment) {
        aws = environment;
        resources = environment.resources();
        dynamo = AwsClients.dynamoDb(environment.endpoints());
        sqs = AwsClients.sqs(environment.endpoints());
        s3 = AwsClients.s3(environment.endpoints());
    }

    @AfterAll
    static void disconnect() {
        s3.close();
        sqs.close();
        dynamo.close();
    }

    @Test
    void shouldCreateJobsTableWithItsThreeIndexesAndTtl_whenRealTemplateProvisioned() {
        // Arrange
        String table = resources.tableName("JobsTable");

        // Act
        TableDescription d = dynamo.describeTable(b -> b.tableName(table)).table();
        TimeToLiveDescription ttl = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();

        // Assert
        assertThat(table).isEqualTo("video-jobs-local-JobsTable");
        assertThat(d.keySchema()).extracting(KeySchemaElement::attributeName).containsExactly("pk");
        assertThat(d.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder("by-tenant", "by-provider-task", "due");
        GlobalSecondaryIndexDescription due = d.globalSecondaryIndexes().stream()
                .filter(g -> g.indexName().equals("due")).findFirst().orElseThrow();
        assertThat(due.keySchema()).extracting(KeySchemaElement::attributeName).containsExactly("due", "next_check_at");
        assertThat(due.projection().projectionTypeAsString()).isEqualTo("KEYS_ONLY");
        assertThat(ttl.attributeName()).isEqualTo("expires_at");
        assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
        assertThat(resources.get("JobsTable").arn()).endsWith(":table/video-jobs-local-JobsTable");
    }

    @Test
    void shouldCreateSixQueuesWithRedriveToTheirDeadLetterQueues_whenRealTemplateProvisioned() {
        // Arrange
        Map<String, Integer> maxReceiveCounts = Map.of("PollQueue", 5, "FetchQueue", 4, "NotifyQueue", 3);

        // Act
        List<String> urls = sqs.listQueues(b -> b.queueNamePrefix("video-jobs-local-")).queueUrls();

        // Assert
        assertThat(urls).hasSize(6);
        maxReceiveCounts.forEach((queue, maxReceiveCount) -> {
            String dlq = queue.replace("Queue", "DeadLetterQueue");
            Map<QueueAttributeName, String> attrs = sqs.getQueueAttributes(b -> b.queueUrl(resources.queueUrl(queue))
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            // compared as JSON values: emulators differ in whitespace and in maxReceiveCount's type (number or string)
            JsonNode redrive = parse(attrs.get(QueueAttributeName.REDRIVE_POLICY));
            assertThat(redrive.path("deadLetterTargetArn").asText()).isEqualTo(resources.queueArn(dlq));
            assertThat(redrive.path("maxReceiveCount").asInt()).isEqualTo(maxReceiveCount);
            assertThat(urls).contains(resources.queueUrl(queue), resources.queueUrl(dlq));
        });
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(resources.queueUrl("FetchQueue"))
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes())
                .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "5400");
        assertThat(resources.get("PollQueue").attribute("QueueName")).hasValue("video-jobs-local-PollQueue");
    }

    @Test
    void shouldCreateMediaBucketNamedBySub_whenRealTemplateProvisioned() {
        // Arrange
        String expected = "video-jobs-000000000000-us-east-1-prod";

        // Act
        List<Bucket> buckets = s3.listBuckets().buckets();

        // Assert
        assertThat(resources.bucketName("MediaBucket")).isEqualTo(expected);
        assertThat(buckets).extracting(Bucket::name).contains(expected);
    }

    @Test
    void shouldReuseExistingResources_whenProvisionedTwice() {
        // Arrange
        CloudFormationTemplate template = CloudFormationTemplate.load(AwsEnvironment.templatePath());

        // Act
        ProvisionedResources again = TemplateProvisioner.provision(template, aws.endpoints());

        // Assert
        assertThat(again.all().keySet()).containsExactlyElementsOf(resources.all().keySet());
        assertThat(again.queueUrl("PollQueue")).isEqualTo(resources.queueUrl("PollQueue"));
        assertThat(again.tableName("JobsTable")).isEqualTo(resources.tableName("JobsTable"));
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
