package dev.videojobs.testing;

import dev.videojobs.core.tenant.TenantRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** A registry in memory for unit and handler tests; counts the reads it answers. */
public final class InMemoryTenantRegistry implements TenantRegistry {

    private final Map<String, Instant> tenants = new ConcurrentHashMap<>();
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();

    /** A registry that knows one tenant and its key. */
    public static InMemoryTenantRegistry with(String tenant, String apiKeyId) {
        InMemoryTenantRegistry registry = new InMemoryTenantRegistry();
        registry.registerTenant(tenant);
        registry.addKey(tenant, apiKeyId);
        return registry;
    }

    @Override
    public boolean registerTenant(String tenant) {
        return tenants.putIfAbsent(TenantRegistry.requireId("tenant id", tenant), Instant.EPOCH) == null;
    }

    @Override
    public void addKey(String tenant, String apiKeyId) {
        if (!tenants.containsKey(tenant)) {
            throw new RegistrationException("tenant " + tenant + " is not registered");
        }
        String owner = keys.putIfAbsent(TenantRegistry.requireId("API key id", apiKeyId), tenant);
        if (owner != null && !owner.equals(tenant)) {
            throw new RegistrationException("API key id " + apiKeyId + " belongs to tenant " + owner);
        }
    }

    @Override
    public boolean removeKey(String tenant, String apiKeyId) {
        return keys.remove(apiKeyId, tenant);
    }

    @Override
    public Optional<String> tenantOfKey(String apiKeyId) {
        reads.incrementAndGet();
        return Optional.ofNullable(keys.get(apiKeyId));
    }

    @Override
    public boolean exists(String tenant) {
        reads.incrementAndGet();
        return tenants.containsKey(tenant);
    }

    @Override
    public Optional<Tenant> describe(String tenant) {
        reads.incrementAndGet();
        Set<String> own = keys.entrySet().stream().filter(e -> e.getValue().equals(tenant)).map(Map.Entry::getKey).collect(Collectors.toSet());
        return Optional.ofNullable(tenants.get(tenant)).map(at -> new Tenant(tenant, at, own));
    }

    public int reads() {
        return reads.get();
    }
}
