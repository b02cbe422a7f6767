package dev.videojobs.adapter.aws;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads a secret once, at container start. Its own class so that functions that never read secrets need not carry
 * the Secrets Manager SDK module: it is an optional dependency of this module.
 */
final class SecretsManagerReader {

    private SecretsManagerReader() {}

    static String read(String arn, AwsAdapters adapters) {
        try (SecretsManagerClient secrets = adapters.configure(SecretsManagerClient.builder(), "SECRETS_MANAGER").httpClient(adapters.http).build()) {
            return secrets.getSecretValue(get -> get.secretId(arn)).secretString();
        }
    }
}
