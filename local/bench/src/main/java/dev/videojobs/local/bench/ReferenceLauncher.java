package dev.videojobs.local.bench;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Child JVM of the cold-start reference: what any Java Lambda on the AWS SDK v2 pays at least. Builds a default
 * DynamoDbClient (region, credentials and HTTP client from the defaults; only the endpoint points at the local
 * DynamoDB) and does one PutItem. Args: table, item key.
 */
public final class ReferenceLauncher {

    private ReferenceLauncher() {
    }

    public static void main(String[] args) {
        ChildMarkers.mark(ChildMarkers.MAIN, "");
        try {
            long start = System.nanoTime();
            DynamoDbClient dynamo = DynamoDbClient.builder()
                    .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL_DYNAMODB")))
                    .build();
            ChildMarkers.mark(ChildMarkers.INIT_MS, ChildMarkers.millisSince(start));
            long putStart = System.nanoTime();
            dynamo.putItem(put -> put.tableName(args[0]).item(Map.of("pk", AttributeValue.fromS(args[1]))));
            ChildMarkers.mark(ChildMarkers.RESPONSE, "put " + args[1]);
            ChildMarkers.mark(ChildMarkers.HANDLE_MS, ChildMarkers.millisSince(putStart));
            ChildMarkers.finish();
        } catch (Throwable e) {
            ChildMarkers.fail(e);
        }
    }
}
