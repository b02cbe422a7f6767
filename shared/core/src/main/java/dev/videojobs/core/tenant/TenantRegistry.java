package dev.videojobs.core.tenant;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Which tenants exist and which API key ids belong to them. A tenant exists because an operator registered it; its
 * id (and with it its jobs, outputs and webhook secret) stays while its keys are added, rotated and removed.
 */
public interface TenantRegistry {

    /** Tenant ids and API key ids: they appear in S3 keys ({@code requests/{tenant}/...}) and in item keys. */
    String ID = "[A-Za-z0-9_-]{1,128}";

    /** Registers a tenant; false when it was registered already (nothing changes then). */
    boolean registerTenant(String tenant);

    /**
     * Maps an API key id to a registered tenant; adding a key the tenant has already changes nothing.
     *
     * @throws RegistrationException when the tenant is not registered or the key belongs to another tenant
     */
    void addKey(String tenant, String apiKeyId);

    /** Unmaps one of the tenant's API key ids; false when it was not the tenant's key. */
    boolean removeKey(String tenant, String apiKeyId);

    Optional<String> tenantOfKey(String apiKeyId);

    boolean exists(String tenant);

    Optional<Tenant> describe(String tenant);

    /** A registered tenant as stored: per-tenant settings join it here. */
    record Tenant(String id, Instant registeredAt, Set<String> apiKeyIds) {

        public Tenant {
            apiKeyIds = Set.copyOf(apiKeyIds);
        }
    }

    /** A change the registry refuses, in the operator's terms. */
    final class RegistrationException extends RuntimeException {

        public RegistrationException(String message) {
            super(message);
        }
    }

    static String requireId(String kind, String id) {
        if (id == null || !id.matches(ID)) {
            throw new RegistrationException(kind + " must be 1 to 128 letters, digits, '-' or '_': " + id);
        }
        return id;
    }
}
