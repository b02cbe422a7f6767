package dev.videojobs.local.stack.aws;

import java.util.Map;
import java.util.Optional;

/**
 * One resource created from the template: what {@code !Ref} answers ({@code ref}: table name, queue URL, bucket name)
 * and what {@code !GetAtt} answers ({@code attributes}: Arn, QueueName, QueueUrl, StreamArn, DomainName...).
 */
public record ProvisionedResource(String logicalId, String type, String ref, Map<String, String> attributes) {

    public ProvisionedResource {
        attributes = Map.copyOf(attributes);
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    public String arn() {
        return attributes.get("Arn");
    }
}
