package dev.videojobs.local.stack.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.local.stack.aws.CloudFormationTemplate;
import dev.videojobs.local.stack.aws.IntrinsicResolver;
import dev.videojobs.local.stack.testing.AwsEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FunctionDefinitionTest {

    @Test
    void shouldReadEveryFunctionWithGlobalsApplied_whenRealTemplateLoaded() {
        // Arrange
        CloudFormationTemplate template = CloudFormationTemplate.load(AwsEnvironment.templatePath());
        IntrinsicResolver resolver = new IntrinsicResolver(template, "us-east-1", "000000000000",
                IntrinsicResolver.ResourceLookup.none());

        // Act: PROVIDER_SECRET_ARN comes from a parameter without default; an override is about to replace it
        Map<String, FunctionDefinition> fns = FunctionDefinition.all(template, resolver, Set.of("PROVIDER_SECRET_ARN"))
                .stream().collect(Collectors.toMap(FunctionDefinition::logicalId, Function.identity()));

        // Assert
        assertThat(fns).containsOnlyKeys("SubmitFunction", "RequestFileFunction", "PollFunction", "CallbackFunction",
                "SweepFunction", "FetchFunction", "NotifyFunction");
        FunctionDefinition fetch = fns.get("FetchFunction");
        assertThat(fetch.handlerClass()).isEqualTo("dev.videojobs.fetch.FetchHandler");
        assertThat(fetch.handlerMethod()).isEqualTo("handleRequest");
        assertThat(fetch.timeout()).isEqualTo(Duration.ofSeconds(900));
        assertThat(fetch.memoryMb()).isEqualTo(512);
        assertThat(fns.get("SubmitFunction").timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fns.get("SubmitFunction").memoryMb()).isEqualTo(1024);
        assertThat(fns.get("SubmitFunction").events()).extracting(FunctionDefinition.EventDefinition::name).containsExactly("SubmitJob",
                "ListJobs", "GetJob", "DeleteJob", "CancelJob", "RedeliverJob", "CreateUpload", "GetWebhookSecret", "RotateWebhookSecret",
                "GetOpenApi");
        Map<String, String> poll = fns.get("PollFunction").environment();
        assertThat(poll).containsEntry("MEDIA_BUCKET", "video-jobs-000000000000-us-east-1-prod")
                .containsEntry("DEFAULT_PROVIDER", "wavespeed")
                .containsEntry("JOB_DEADLINE_MINUTES", "60")
                .containsEntry("WAVESPEED_BASE_URL", "https://api.wavespeed.ai")
                .containsEntry("JOBS_TABLE", "video-jobs-local-JobsTable")
                .doesNotContainKey("PROVIDER_SECRET_ARN");
        assertThat(fns.get("SweepFunction").events()).extracting(FunctionDefinition.EventDefinition::type)
                .containsExactly("Schedule");
        assertThat(fns.get("RequestFileFunction").events()).extracting(FunctionDefinition.EventDefinition::type)
                .isEqualTo(List.of("S3"));
    }

    @Test
    void shouldParseRateExpressions_whenScheduleGiven() {
        // Arrange / Act / Assert
        assertThat(ScheduleEventSource.parse("rate(1 minute)")).isEqualTo(Duration.ofMinutes(1));
        assertThat(ScheduleEventSource.parse("rate(5 minutes)")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ScheduleEventSource.parse("rate(2 hours)")).isEqualTo(Duration.ofHours(2));
        assertThat(ScheduleEventSource.parse("cron(0 12 * * ? *)")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldEncodeKeysAsS3Notifications_whenKeyHasSpacesOrSymbols() {
        // Arrange / Act / Assert
        assertThat(S3EventSource.encodeKey("requests/tenant a/file(1).json"))
                .isEqualTo("requests/tenant+a/file%281%29.json");
    }
}
