package dev.videojobs.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videojobs.local.stack.runtime.LocalContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;

/**
 * Child JVM of the cold-start benchmark, started on a function's deployment jar as Lambda would: construct the handler
 * with the environment, read one event, handle it, report. Args: handler class, event file (the Lambda event JSON).
 *
 * <p>Stream handlers get the event's bytes. For typed handlers the event object is built here from the fields the
 * handlers read, not through the Lambda serialization library, which the function jars do not ship.
 */
public final class ColdStartLauncher {

    private ColdStartLauncher() {
    }

    public static void main(String[] args) {
        ChildMarkers.mark(ChildMarkers.MAIN, "");
        try {
            long start = System.nanoTime();
            Object handler = Class.forName(args[0]).getConstructor(Map.class).newInstance(System.getenv());
            ChildMarkers.mark(ChildMarkers.INIT_MS, ChildMarkers.millisSince(start));
            byte[] event = Files.readAllBytes(Path.of(args[1]));
            long handleStart = System.nanoTime();
            String response = invoke(handler, event, LocalContext.fromEnvironment(System.getenv(), Duration.ofSeconds(30)));
            ChildMarkers.mark(ChildMarkers.RESPONSE, response);
            ChildMarkers.mark(ChildMarkers.HANDLE_MS, ChildMarkers.millisSince(handleStart));
            ChildMarkers.finish();
        } catch (Throwable e) {
            ChildMarkers.fail(e);
        }
    }

    /** Handles the event; returns a one-line summary of the response for the parent to check. */
    @SuppressWarnings("unchecked")
    private static String invoke(Object handler, byte[] event, Context context) throws Exception {
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream(event), out, context);
            JsonNode response = new ObjectMapper().readTree(out.toByteArray());
            return "status " + response.path("statusCode").asInt();
        }
        Object result = ((RequestHandler<Object, Object>) handler).handleRequest(eventObject(event), context);
        if (result instanceof SQSBatchResponse batch) {
            return "batch_item_failures " + (batch.getBatchItemFailures() == null ? 0 : batch.getBatchItemFailures().size());
        }
        return "returned " + result;
    }

    private static Object eventObject(byte[] json) throws Exception {
        JsonNode root = new ObjectMapper().readTree(json);
        if ("aws.events".equals(root.path("source").asText())) {
            return scheduledEvent(root);
        }
        String source = root.path("Records").path(0).path("eventSource").asText();
        return switch (source) {
            case "aws:sqs" -> sqsEvent(root);
            case "aws:s3" -> s3Event(root);
            default -> throw new IllegalArgumentException("unknown event source '" + source + "'");
        };
    }

    private static SQSEvent sqsEvent(JsonNode root) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (JsonNode r : root.path("Records")) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(r.path("messageId").asText());
            message.setReceiptHandle(r.path("receiptHandle").asText());
            message.setBody(r.path("body").asText());
            message.setEventSource("aws:sqs");
            message.setEventSourceArn(r.path("eventSourceARN").asText());
            message.setAwsRegion(r.path("awsRegion").asText());
            records.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static S3Event s3Event(JsonNode root) {
        List<S3EventNotification.S3EventNotificationRecord> records = new ArrayList<>();
        for (JsonNode r : root.path("Records")) {
            JsonNode bucket = r.path("s3").path("bucket");
            JsonNode object = r.path("s3").path("object");
            var owner = new S3EventNotification.UserIdentityEntity(bucket.path("ownerIdentity").path("principalId").asText());
            var entity = new S3EventNotification.S3Entity(r.path("s3").path("configurationId").asText(),
                    new S3EventNotification.S3BucketEntity(bucket.path("name").asText(), owner, bucket.path("arn").asText()),
                    new S3EventNotification.S3ObjectEntity(object.path("key").asText(), object.path("size").asLong(),
                            object.path("eTag").asText(), null, object.path("sequencer").asText()),
                    "1.0");
            records.add(new S3EventNotification.S3EventNotificationRecord(r.path("awsRegion").asText(),
                    r.path("eventName").asText(), "aws:s3", r.path("eventTime").asText(), r.path("eventVersion").asText(),
                    null, null, entity, owner));
        }
        return new S3Event(records);
    }

    private static ScheduledEvent scheduledEvent(JsonNode root) {
        ScheduledEvent event = new ScheduledEvent();
        event.setId(root.path("id").asText());
        event.setVersion(root.path("version").asText());
        event.setDetailType(root.path("detail-type").asText());
        event.setSource(root.path("source").asText());
        event.setAccount(root.path("account").asText());
        event.setRegion(root.path("region").asText());
        event.setTime(DateTime.parse(root.path("time").asText()));
        List<String> resources = new ArrayList<>();
        root.path("resources").forEach(r -> resources.add(r.asText()));
        event.setResources(resources);
        event.setDetail(Map.of());
        return event;
    }
}
