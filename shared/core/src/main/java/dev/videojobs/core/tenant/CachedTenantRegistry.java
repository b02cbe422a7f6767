package dev.videojobs.core.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A container's view of the registry: what it found (a key's tenant, a tenant's existence) is kept for {@code ttl},
 * so most requests cost no read, and a removed key stops working in every container within {@code ttl}. What it did
 * not find is not kept: a key or tenant registered a moment ago works on its next request.
 */
public final class CachedTenantRegistry implements TenantRegistry {

    /** How long a container trusts what it read: the longest a removed key keeps working. */
    public static final Duration TTL = Duration.ofSeconds(60);

    private record Entry(String tenant, Instant readAt) {
    }

    private final TenantRegistry registry;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> tenantOfKey = new ConcurrentHashMap<>();
    private final Map<String, Entry> existing = new ConcurrentHashMap<>();

    public CachedTenantRegistry(TenantRegistry registry, Clock clock, Duration ttl) {
        this.registry = registry;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public Optional<String> tenantOfKey(String apiKeyId) {
        Entry cached = fresh(tenantOfKey, apiKeyId);
        if (cached != null) {
            return Optional.of(cached.tenant());
        }
        Optional<String> tenant = registry.tenantOfKey(apiKeyId);
        tenant.ifPresentOrElse(found -> tenantOfKey.put(apiKeyId, new Entry(found, clock.instant())), () -> tenantOfKey.remove(apiKeyId));
        return tenant;
    }

    @Override
    public boolean exists(String tenant) {
        if (fresh(existing, tenant) != null) {
            return true;
        }
        boolean found = registry.exists(tenant);
        if (found) {
            existing.put(tenant, new Entry(tenant, clock.instant()));
        }
        return found;
    }

    @Override
    public boolean registerTenant(String tenant) {
        return registry.registerTenant(tenant);
    }

    @Override
    public void addKey(String tenant, String apiKeyId) {
        registry.addKey(tenant, apiKeyId);
    }

    @Override
    public boolean removeKey(String tenant, String apiKeyId) {
        tenantOfKey.remove(apiKeyId);
        return registry.removeKey(tenant, apiKeyId);
    }

    @Override
    public Optional<Tenant> describe(String tenant) {
        return registry.describe(tenant);
    }

    private Entry fresh(Map<String, Entry> cache, String key) {
        Entry entry = cache.get(key);
        return entry != null && entry.readAt().plus(ttl).isAfter(clock.instant()) ? entry : null;
    }
}
