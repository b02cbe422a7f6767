package dev.videojobs.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.testing.InMemoryTenantRegistry;
import dev.videojobs.testing.WorkflowFixture.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a container resolves API key ids: cached for the TTL, refused once a removed key's entry has run out. */
class CachedTenantRegistryTest {

    private static final Duration TTL = Duration.ofSeconds(60);

    private final InMemoryTenantRegistry stored = InMemoryTenantRegistry.with("acme", "key-1");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final CachedTenantRegistry registry = new CachedTenantRegistry(stored, clock, TTL);

    @Test
    void shouldReadTheRegistryOnce_whenTheSameKeyCallsAgainWithinTheTtl() {
        assertThat(registry.tenantOfKey("key-1")).contains("acme");
        clock.advance(TTL.minusSeconds(1));

        assertThat(registry.tenantOfKey("key-1")).contains("acme");

        assertThat(stored.reads()).isEqualTo(1);
    }

    @Test
    void shouldResolveBothKeysToTheSameTenant_whenASecondKeyIsAdded() {
        stored.addKey("acme", "key-2");

        assertThat(registry.tenantOfKey("key-2")).contains("acme");
        assertThat(registry.tenantOfKey("key-1")).contains("acme");
    }

    @Test
    void shouldRefuseARemovedKey_whenItsCachedEntryHasRunOut() {
        registry.tenantOfKey("key-1");
        stored.removeKey("acme", "key-1"); // removed by the operator, not through this container

        clock.advance(TTL);

        assertThat(registry.tenantOfKey("key-1")).isEmpty();
    }

    @Test
    void shouldFindANewKeyAtOnce_whenItWasUnknownAMomentAgo() {
        assertThat(registry.tenantOfKey("key-new")).isEmpty();
        stored.addKey("acme", "key-new");

        assertThat(registry.tenantOfKey("key-new")).contains("acme");
    }

    @Test
    void shouldReadTheRegistryOnce_whenATenantIsCheckedTwiceWithinTheTtl() {
        assertThat(registry.exists("acme")).isTrue();
        assertThat(registry.exists("acme")).isTrue();
        assertThat(registry.exists("nobody")).isFalse();

        assertThat(stored.reads()).isEqualTo(2);
    }
}
