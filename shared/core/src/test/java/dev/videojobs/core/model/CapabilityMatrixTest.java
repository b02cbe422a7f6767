package dev.videojobs.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.testing.RepoRoot;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class CapabilityMatrixTest {

    private static final String START = "<!-- capability-matrix:";
    private static final String END = "<!-- /capability-matrix -->";

    @Test
    void shouldMatchTheReadme_whenTheCapabilityTableIsRendered() throws Exception {
        // Arrange: the README beside the module (surefire runs in the module's directory)
        String readme = Files.readString(RepoRoot.resolve("README.md"));
        int start = readme.indexOf('\n', readme.indexOf(START)) + 1;
        String published = readme.substring(start, readme.indexOf(END));

        // Act
        String rendered = CapabilityMatrix.markdown();

        // Assert
        assertThat(published).as("README.md's field matrix; replace it with the rendered table").isEqualTo(rendered);
    }

    @Test
    void shouldOfferEveryFieldAModelRequires_whenAnyRouteIsRead() {
        for (ProductModel model : ProductModel.values()) {
            for (ProviderName provider : model.providers()) {
                ProductModel.Route route = model.route(provider).orElseThrow();
                assertThat(route.fields()).as("%s on %s", model.id(), provider.wire()).containsAll(route.required());
            }
        }
    }
}
