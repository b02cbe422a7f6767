package dev.videojobs.local.stack.aws;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * What {@link TemplateProvisioner} created, by logical id, with the endpoints it was created on. Also answers the
 * template's intrinsics ({@link #resolver}), so that values computed from the template (function environments,
 * event sources) point at these resources.
 */
public final class ProvisionedResources implements IntrinsicResolver.ResourceLookup {

    private final AwsEndpoints endpoints;
    private final String stackName;
    private final Map<String, ProvisionedResource> byId;

    public ProvisionedResources(AwsEndpoints endpoints, String stackName, Map<String, ProvisionedResource> byId) {
        this.endpoints = endpoints;
        this.stackName = stackName;
        this.byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    }

    public AwsEndpoints endpoints() {
        return endpoints;
    }

    public String stackName() {
        return stackName;
    }

    public String region() {
        return endpoints.region();
    }

    public String accountId() {
        return endpoints.accountId();
    }

    /** Every provisioned resource by logical id, in creation order. */
    public Map<String, ProvisionedResource> all() {
        return byId;
    }

    public ProvisionedResource get(String logicalId) {
        ProvisionedResource r = byId.get(logicalId);
        if (r == null) {
            throw new NoSuchElementException("No provisioned resource " + logicalId + " (have " + byId.keySet() + ")");
        }
        return r;
    }

    public Optional<ProvisionedResource> find(String logicalId) {
        return Optional.ofNullable(byId.get(logicalId));
    }

    public Optional<ProvisionedResource> byArn(String arn) {
        return byId.values().stream().filter(r -> arn.equals(r.arn())).findFirst();
    }

    public String tableName(String logicalId) {
        return get(logicalId).ref();
    }

    public String queueUrl(String logicalId) {
        return get(logicalId).ref();
    }

    public String queueArn(String logicalId) {
        return get(logicalId).arn();
    }

    public String bucketName(String logicalId) {
        return get(logicalId).ref();
    }

    /** Resolver for {@code template}'s intrinsics against these resources and the endpoints' region and account. */
    public IntrinsicResolver resolver(CloudFormationTemplate template) {
        return new IntrinsicResolver(template.withStackName(stackName), region(), accountId(), this);
    }

    @Override
    public Optional<String> ref(String logicalId) {
        return find(logicalId).map(ProvisionedResource::ref);
    }

    @Override
    public Optional<String> getAtt(String logicalId, String attribute) {
        return find(logicalId).flatMap(r -> r.attribute(attribute));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ProvisionedResources[").append(stackName).append(']');
        byId.values().forEach(r -> sb.append("\n  ").append(r.logicalId()).append(" (").append(r.type()).append(") = ")
                .append(r.ref()));
        return sb.toString();
    }
}
