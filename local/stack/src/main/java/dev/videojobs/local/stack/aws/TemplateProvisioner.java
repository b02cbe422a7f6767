package dev.videojobs.local.stack.aws;

import dev.videojobs.local.stack.aws.CloudFormationTemplate.Resource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates the template's storage and messaging on any {@link AwsEndpoints} (embedded emulators, LocalStack, moto):
 * every AWS::DynamoDB::Table (attributes, keys, GSIs, LSIs, billing mode, stream, TTL), every AWS::SQS::Queue
 * (VisibilityTimeout, MessageRetentionPeriod, DelaySeconds, MaximumMessageSize, ReceiveMessageWaitTimeSeconds,
 * RedrivePolicy, FIFO settings; dead-letter queues first) and every AWS::S3::Bucket (BucketName). Settings that
 * only exist in the cloud (encryption, point-in-time recovery, lifecycle, public access block, policies) are skipped.
 *
 * <p>Names: the resource's own name property when the template gives one (resolved), else
 * {@code <stack>-<LogicalId>}. Running it twice on the same endpoints reuses what exists.
 */
public final class TemplateProvisioner {

    public static final String TABLE = "AWS::DynamoDB::Table";
    public static final String QUEUE = "AWS::SQS::Queue";
    public static final String BUCKET = "AWS::S3::Bucket";
    private static final Set<String> SUPPORTED = Set.of(TABLE, QUEUE, BUCKET);
    private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}!][^}]*)}");
    private static final Map<String, String> QUEUE_ATTRIBUTES = Map.of(
            "VisibilityTimeout", "VisibilityTimeout",
            "MessageRetentionPeriod", "MessageRetentionPeriod",
            "DelaySeconds", "DelaySeconds",
            "MaximumMessageSize", "MaximumMessageSize",
            "ReceiveMessageWaitTimeSeconds", "ReceiveMessageWaitTimeSeconds",
            "FifoQueue", "FifoQueue",
            "ContentBasedDeduplication", "ContentBasedDeduplication");

    private TemplateProvisioner() {
    }

    public static ProvisionedResources provision(CloudFormationTemplate template, AwsEndpoints endpoints) {
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(endpoints);
             SqsClient sqs = AwsClients.sqs(endpoints);
             S3Client s3 = AwsClients.s3(endpoints)) {
            Map<String, ProvisionedResource> done = new LinkedHashMap<>();
            // Sees resources as they are created: a queue's RedrivePolicy resolves to its dead-letter queue's ARN.
            IntrinsicResolver resolver = new IntrinsicResolver(template, endpoints.region(), endpoints.accountId(),
                    new IntrinsicResolver.ResourceLookup() {
                        @Override
                        public Optional<String> ref(String logicalId) {
                            return Optional.ofNullable(done.get(logicalId)).map(ProvisionedResource::ref);
                        }

                        @Override
                        public Optional<String> getAtt(String logicalId, String attribute) {
                            return Optional.ofNullable(done.get(logicalId)).flatMap(r -> r.attribute(attribute));
                        }
                    });
            for (Resource r : creationOrder(template)) {
                ProvisionedResource created = switch (r.type()) {
                    case TABLE -> createTable(dynamo, template, resolver, r);
                    case QUEUE -> createQueue(sqs, template, resolver, r);
                    case BUCKET -> createBucket(s3, template, resolver, r, endpoints.region());
                    default -> throw new IllegalStateException(r.type());
                };
                done.put(r.logicalId(), created);
            }
            return new ProvisionedResources(endpoints, template.stackName(), done);
        }
    }

    // ------------------------------------------------------------------ DynamoDB

    private static ProvisionedResource createTable(DynamoDbClient dynamo, CloudFormationTemplate template,
                                                   IntrinsicResolver resolver, Resource r) {
        Map<String, Object> p = resolvedMap(resolver, r.properties());
        String name = p.containsKey("TableName") ? String.valueOf(p.get("TableName"))
                : template.stackName() + "-" + r.logicalId();
        String billing = String.valueOf(p.getOrDefault("BillingMode", "PROVISIONED"));
        CreateTableRequest.Builder req = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(billing)
                .attributeDefinitions(maps(p.get("AttributeDefinitions")).stream()
                        .map(a -> AttributeDefinition.builder().attributeName(s(a, "AttributeName"))
                                .attributeType(s(a, "AttributeType")).build()).toList())
                .keySchema(keySchema(p.get("KeySchema")));
        if (!"PAY_PER_REQUEST".equals(billing)) {
            req.provisionedThroughput(throughput(p.get("ProvisionedThroughput")));
        }
        List<Map<String, Object>> gsis = maps(p.get("GlobalSecondaryIndexes"));
        if (!gsis.isEmpty()) {
            req.globalSecondaryIndexes(gsis.stream().map(g -> {
                GlobalSecondaryIndex.Builder b = GlobalSecondaryIndex.builder().indexName(s(g, "IndexName"))
                        .keySchema(keySchema(g.get("KeySchema"))).projection(projection(g.get("Projection")));
                if (!"PAY_PER_REQUEST".equals(billing)) {
                    b.provisionedThroughput(throughput(g.get("ProvisionedThroughput")));
                }
                return b.build();
            }).toList());
        }
        List<Map<String, Object>> lsis = maps(p.get("LocalSecondaryIndexes"));
        if (!lsis.isEmpty()) {
            req.localSecondaryIndexes(lsis.stream().map(l -> LocalSecondaryIndex.builder().indexName(s(l, "IndexName"))
                    .keySchema(keySchema(l.get("KeySchema"))).projection(projection(l.get("Projection"))).build()).toList());
        }
        Map<String, Object> stream = CloudFormationTemplate.map(p.get("StreamSpecification"));
        if (stream != null && stream.get("StreamViewType") != null) {
            req.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(s(stream, "StreamViewType")).build());
        }
        try {
            dynamo.createTable(req.build());
        } catch (ResourceInUseException exists) {
            // Already there (same endpoints provisioned before): reuse it.
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
        Map<String, Object> ttl = CloudFormationTemplate.map(p.get("TimeToLiveSpecification"));
        if (ttl != null && Boolean.parseBoolean(String.valueOf(ttl.get("Enabled")))) {
            try {
                dynamo.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t
                        .attributeName(s(ttl, "AttributeName")).enabled(true)));
            } catch (SdkException e) {
                if (!String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("already enabled")) {
                    throw e;
                }
            }
        }
        TableDescription d = dynamo.describeTable(b -> b.tableName(name)).table();
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("Arn", d.tableArn());
        if (d.latestStreamArn() != null) {
            attrs.put("StreamArn", d.latestStreamArn());
        }
        return new ProvisionedResource(r.logicalId(), r.type(), name, attrs);
    }

    private static List<KeySchemaElement> keySchema(Object o) {
        return maps(o).stream().map(k -> KeySchemaElement.builder().attributeName(s(k, "AttributeName"))
                .keyType(s(k, "KeyType")).build()).toList();
    }

    private static Projection projection(Object o) {
        Map<String, Object> m = CloudFormationTemplate.map(o);
        Projection.Builder b = Projection.builder().projectionType(m == null ? "ALL" : s(m, "ProjectionType"));
        if (m != null && m.get("NonKeyAttributes") instanceof List<?> attrs) {
            b.nonKeyAttributes(attrs.stream().map(String::valueOf).toList());
        }
        return b.build();
    }

    private static ProvisionedThroughput throughput(Object o) {
        Map<String, Object> m = CloudFormationTemplate.map(o);
        long read = m == null ? 5 : Long.parseLong(s(m, "ReadCapacityUnits"));
        long write = m == null ? 5 : Long.parseLong(s(m, "WriteCapacityUnits"));
        return ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build();
    }

    // ------------------------------------------------------------------ SQS

    private static ProvisionedResource createQueue(SqsClient sqs, CloudFormationTemplate template,
                                                   IntrinsicResolver resolver, Resource r) {
        Map<String, Object> p = resolvedMap(resolver, r.properties());
        boolean fifo = Boolean.parseBoolean(String.valueOf(p.get("FifoQueue")));
        String name = p.containsKey("QueueName") ? String.valueOf(p.get("QueueName"))
                : template.stackName() + "-" + r.logicalId() + (fifo ? ".fifo" : "");
        Map<String, String> attributes = new LinkedHashMap<>();
        QUEUE_ATTRIBUTES.forEach((property, attribute) -> {
            if (p.get(property) != null) {
                attributes.put(attribute, String.valueOf(p.get(property)));
            }
        });
        Map<String, Object> redrive = CloudFormationTemplate.map(p.get("RedrivePolicy"));
        if (redrive != null) {
            attributes.put("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + s(redrive, "deadLetterTargetArn")
                    + "\",\"maxReceiveCount\":" + Integer.parseInt(s(redrive, "maxReceiveCount")) + "}");
        }
        String url;
        try {
            url = sqs.createQueue(b -> b.queueName(name).attributesWithStrings(attributes)).queueUrl();
        } catch (QueueNameExistsException exists) {
            url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            String existing = url;
            Map<String, String> settable = new LinkedHashMap<>(attributes);
            settable.remove("FifoQueue");
            sqs.setQueueAttributes(b -> b.queueUrl(existing).attributesWithStrings(settable));
        }
        String queueUrl = url;
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new ProvisionedResource(r.logicalId(), r.type(), queueUrl,
                Map.of("Arn", arn, "QueueName", name, "QueueUrl", queueUrl));
    }

    // ------------------------------------------------------------------ S3

    private static ProvisionedResource createBucket(S3Client s3, CloudFormationTemplate template,
                                                    IntrinsicResolver resolver, Resource r, String region) {
        Map<String, Object> p = resolvedMap(resolver, r.properties());
        String name = p.containsKey("BucketName") ? String.valueOf(p.get("BucketName"))
                : bucketName(template.stackName() + "-" + r.logicalId());
        try {
            s3.createBucket(b -> {
                b.bucket(name);
                if (!"us-east-1".equals(region)) {
                    b.createBucketConfiguration(c -> c.locationConstraint(region));
                }
            });
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException exists) {
            // Reuse it.
        }
        return new ProvisionedResource(r.logicalId(), r.type(), name, Map.of(
                "Arn", "arn:aws:s3:::" + name,
                "DomainName", name + ".s3.amazonaws.com",
                "RegionalDomainName", name + ".s3." + region + ".amazonaws.com"));
    }

    private static String bucketName(String raw) {
        String n = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        return n.length() > 63 ? n.substring(0, 63) : n;
    }

    // ------------------------------------------------------------------ ordering

    /** Supported resources, each after the supported resources it references (dead-letter queues first). */
    static List<Resource> creationOrder(CloudFormationTemplate template) {
        Map<String, Resource> supported = new LinkedHashMap<>();
        template.resources().forEach((id, r) -> {
            if (SUPPORTED.contains(r.type())) {
                supported.put(id, r);
            }
        });
        List<Resource> order = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String id : supported.keySet()) {
            visit(id, supported, visited, visiting, order);
        }
        return order;
    }

    private static void visit(String id, Map<String, Resource> supported, Set<String> visited, Set<String> visiting,
                              List<Resource> order) {
        if (visited.contains(id)) {
            return;
        }
        if (!visiting.add(id)) {
            throw new IllegalStateException("Circular references between " + visiting);
        }
        Resource r = supported.get(id);
        Set<String> refs = new LinkedHashSet<>();
        references(r.properties(), refs);
        Object dependsOn = r.definition().get("DependsOn");
        if (dependsOn instanceof List<?> l) {
            l.forEach(d -> refs.add(String.valueOf(d)));
        } else if (dependsOn != null) {
            refs.add(String.valueOf(dependsOn));
        }
        for (String dep : refs) {
            if (supported.containsKey(dep) && !dep.equals(id)) {
                visit(dep, supported, visited, visiting, order);
            }
        }
        visiting.remove(id);
        visited.add(id);
        order.add(r);
    }

    /** Logical ids referenced by Ref, Fn::GetAtt and Fn::Sub variables anywhere inside {@code value}. */
    static void references(Object value, Set<String> out) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("Ref".equals(k) && v instanceof String s) {
                    out.add(s);
                } else if ("Fn::GetAtt".equals(k)) {
                    if (v instanceof List<?> l && !l.isEmpty()) {
                        out.add(String.valueOf(l.get(0)));
                    } else if (v instanceof String s) {
                        out.add(s.split("\\.", 2)[0]);
                    }
                } else if ("Fn::Sub".equals(k)) {
                    Object text = v instanceof List<?> l ? l.get(0) : v;
                    Matcher matcher = SUB_VAR.matcher(String.valueOf(text));
                    while (matcher.find()) {
                        out.add(matcher.group(1).split("\\.", 2)[0]);
                    }
                    if (v instanceof List<?> l && l.size() > 1) {
                        references(l.get(1), out);
                    }
                } else {
                    references(v, out);
                }
            });
        } else if (value instanceof List<?> l) {
            l.forEach(v -> references(v, out));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, Object> resolvedMap(IntrinsicResolver resolver, Map<String, Object> properties) {
        Map<String, Object> m = CloudFormationTemplate.map(resolver.resolve(properties));
        return m == null ? Map.of() : m;
    }

    private static List<Map<String, Object>> maps(Object o) {
        if (!(o instanceof List<?> l)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object e : l) {
            Map<String, Object> m = CloudFormationTemplate.map(e);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private static String s(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("Missing " + key + " in " + m);
        }
        return String.valueOf(v);
    }
}
