package dev.videojobs.local.stack.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRouteTest {

    @Test
    void shouldExtractDecodedPathParameters_whenTemplateMatches() {
        // Arrange
        ApiRoute route = ApiRoute.of("post", "/v1/jobs/{id}/cancel", true, null, "CancelJob");

        // Act
        Map<String, String> params = route.match("/v1/jobs/job%201/cancel");

        // Assert
        assertThat(params).containsExactly(Map.entry("id", "job 1"));
        assertThat(route.match("/v1/jobs/job-1")).isNull();
        assertThat(route.match("/v1/jobs/job-1/cancel/more")).isNull();
        assertThat(route.acceptsMethod("POST")).isTrue();
        assertThat(route.acceptsMethod("GET")).isFalse();
    }

    @Test
    void shouldPreferLiteralSegments_whenSeveralTemplatesMatch() {
        // Arrange
        List<ApiRoute> routes = new ArrayList<>(List.of(
                ApiRoute.of("get", "/{proxy+}", false, null, "Proxy"),
                ApiRoute.of("get", "/v1/jobs/{id}", true, null, "GetJob"),
                ApiRoute.of("get", "/v1/jobs/latest", true, null, "Latest")));

        // Act
        routes.sort(ApiRoute.SPECIFIC_FIRST);

        // Assert
        assertThat(routes).extracting(ApiRoute::eventName).containsExactly("Latest", "GetJob", "Proxy");
        assertThat(routes.get(2).match("/a/b/c")).containsEntry("proxy", "a/b/c");
    }

    @Test
    void shouldKeepEveryValue_whenQueryRepeatsAName() {
        // Arrange
        String raw = "status=queued&status=failed&limit=10&q=a%20b";

        // Act
        Map<String, List<String>> query = ApiGatewayFrontDoor.parseQuery(raw);

        // Assert
        assertThat(query).containsEntry("status", List.of("queued", "failed"))
                .containsEntry("limit", List.of("10")).containsEntry("q", List.of("a b"));
    }
}
