package dev.videojobs.testing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * An empty Jobs table that refuses keys the way DynamoDB does (ValidationException): a key attribute that is an empty
 * string, a partition key over 2048 bytes, a sort key over 1024 bytes, a number that is not one. Lets handler tests
 * show that no client input reaches the table in a shape that would turn into a 5xx.
 */
public final class KeyCheckingDynamoDb implements DynamoDbClient {

    private static final Set<String> PARTITION_KEYS = Set.of("pk", "tenant", "provider_task", "due");
    private static final Set<String> SORT_KEYS = Set.of("created_at", "next_check_at");

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        checkKey(request.key());
        return GetItemResponse.builder().build();
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        request.expressionAttributeValues().forEach((name, value) -> {
            if (List.of(":tenant", ":task", ":live").contains(name)) {
                checkKeyValue(name, value, 2048);
            }
        });
        if (request.hasExclusiveStartKey()) {
            checkKey(request.exclusiveStartKey());
        }
        return QueryResponse.builder().items(List.of()).build();
    }

    private static void checkKey(Map<String, AttributeValue> key) {
        key.forEach((name, value) -> {
            if (PARTITION_KEYS.contains(name)) {
                checkKeyValue(name, value, 2048);
            } else if (SORT_KEYS.contains(name)) {
                checkKeyValue(name, value, 1024);
            } else {
                throw invalid("the provided key element does not match the schema: " + name);
            }
        });
    }

    private static void checkKeyValue(String name, AttributeValue value, int maxBytes) {
        if (value.n() != null) {
            try {
                if (new BigDecimal(value.n()).precision() > 38) {
                    throw invalid("number " + name + " has more than 38 digits");
                }
            } catch (NumberFormatException e) {
                throw invalid("number " + name + " is not a number");
            }
            return;
        }
        if (value.s() == null || value.s().isEmpty()) {
            throw invalid("the AttributeValue for a key attribute cannot contain an empty string value: " + name);
        }
        if (value.s().getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw invalid("key " + name + " is longer than " + maxBytes + " bytes");
        }
    }

    private static DynamoDbException invalid(String message) {
        return (DynamoDbException) DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").errorMessage(message).build())
                .message(message).build();
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }
}
