package dev.videojobs.core.notify;

/** One webhook signing secret per tenant ({@code whsec_} + base64), created on first use. */
public interface WebhookSecrets {

    String secretFor(String tenant);
}
