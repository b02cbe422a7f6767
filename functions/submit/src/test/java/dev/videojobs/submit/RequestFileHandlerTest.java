package dev.videojobs.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.videojobs.core.config.Config;
import dev.videojobs.testing.InMemoryTenantRegistry;
import dev.videojobs.testing.UnreachableAws;
import org.junit.jupiter.api.Test;

/** The request-file handler on the sample event: a file under a tenant nobody registered is left alone. */
class RequestFileHandlerTest {

    @Test
    void shouldNeitherReadTheFileNorSubmit_whenItsTenantIsNotRegistered() {
        InMemoryTenantRegistry tenants = InMemoryTenantRegistry.with("someone-else", "key-1");
        RequestFileHandler handler = new RequestFileHandler(new SubmitComponents(new Config(UnreachableAws.ENVIRONMENT)).acceptRequestFile(tenants));
        S3Event event = EventLoader.loadS3Event("events/s3-request-file.json");

        // reading the file or storing a job would fail on the unreachable AWS endpoints
        assertThatCode(() -> handler.handleRequest(event, null)).doesNotThrowAnyException();
        assertThat(tenants.reads()).isEqualTo(1);
    }
}
