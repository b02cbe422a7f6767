package dev.videojobs.core.job;

/** Client idempotency keys, scoped per tenant and kept at least 24 h. */
public interface IdempotencyKeys {

    /**
     * Reserves {@code key} for {@code jobId} and the request's fingerprint, or returns the reservation made before
     * (whose job id and fingerprint tell the caller whether this is a replay or a conflict).
     */
    Reservation reserve(String tenant, String key, String fingerprint, String jobId);

    record Reservation(String jobId, String fingerprint, boolean fresh) {}
}
