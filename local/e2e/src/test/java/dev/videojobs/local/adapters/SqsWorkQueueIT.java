package dev.videojobs.local.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.videojobs.adapter.aws.SqsWorkQueue;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.local.stack.aws.AwsClients;
import dev.videojobs.local.stack.testing.AwsEnvironment;
import dev.videojobs.local.stack.testing.AwsEnvironmentExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** SqsWorkQueue against the queues of template.yaml. */
@ExtendWith(AwsEnvironmentExtension.class)
class SqsWorkQueueIT {

    @Test
    void shouldSendOneHopCarryingTheDueTime_whenTheDelayIsLongerThanSqsAllows(AwsEnvironment aws) {
        SqsClient sqs = AwsClients.sqs(aws.endpoints());
        // queues of their own: the end-to-end stack's functions consume the shared ones
        var resources = aws.provision(aws.template().withStackName(DynamoAdaptersIT.ADAPTER_STACK));
        String notifyUrl = resources.queueUrl("NotifyQueue");
        WorkQueue queue = new SqsWorkQueue(sqs, resources.queueUrl("PollQueue"), resources.queueUrl("FetchQueue"), notifyUrl);
        String jobId = "job-hop-" + System.nanoTime();

        queue.send(WorkQueue.Name.NOTIFY, new JobMessage(JobMessage.Action.NOTIFY, jobId, "msg_1", null), Duration.ZERO);
        queue.send(WorkQueue.Name.NOTIFY, new JobMessage(JobMessage.Action.NOTIFY, jobId, "msg_2", null), Duration.ofHours(2));

        List<Message> received = await().atMost(Duration.ofSeconds(10)).until(
                () -> sqs.receiveMessage(r -> r.queueUrl(notifyUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages(), list -> !list.isEmpty());
        assertThat(received).extracting(m -> JobMessage.parse(m.body()).eventId()).containsExactly("msg_1");
        JobMessage immediate = JobMessage.parse(received.get(0).body());
        assertThat(immediate.notBefore()).isNull();
        assertThat(immediate.jobId()).isEqualTo(jobId);
        received.forEach(m -> sqs.deleteMessage(d -> d.queueUrl(notifyUrl).receiptHandle(m.receiptHandle())));
    }
}
