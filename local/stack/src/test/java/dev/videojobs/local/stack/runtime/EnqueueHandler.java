package dev.videojobs.local.stack.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Api handler that sends the request body to WORK_QUEUE_URL with an SQS client built from its environment only. */
public class EnqueueHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final Map<String, String> env;
    private final SqsClient sqs;

    public EnqueueHandler(Map<String, String> env) {
        this.env = env;
        this.sqs = SqsClient.builder()
                .endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_SQS")))
                .region(Region.of(env.get("AWS_REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent in, Context context) {
        String id = sqs.sendMessage(b -> b.queueUrl(env.get("WORK_QUEUE_URL")).messageBody(in.getBody())).messageId();
        return new APIGatewayProxyResponseEvent().withStatusCode(202).withBody("{\"messageId\":\"" + id + "\"}");
    }
}
