package dev.videojobs.local.stack.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CloudFormationTemplateTest {

    private static final String YAML = String.join("\n",
            "AWSTemplateFormatVersion: 2010-09-09",
            "Parameters:",
            "  Stage: { Type: String, Default: prod, AllowedValues: [prod, dev] }",
            "  Secret: { Type: String }",
            "Conditions:",
            "  IsProd: !Equals [!Ref Stage, prod]",
            "Mappings:",
            "  Sizes: { prod: { memory: 1024 } }",
            "Resources:",
            "  Table: { Type: AWS::DynamoDB::Table, Properties: { TableName: !Sub '${AWS::StackName}-jobs' } }",
            "  Queue: { Type: AWS::SQS::Queue }",
            "  Api: { Type: AWS::Serverless::Api }",
            "  Thing:",
            "    Type: Custom::Thing",
            "    Properties:",
            "      Ref1: !Ref Table",
            "      Arn: !GetAtt Queue.Arn",
            "      ArnList: { 'Fn::GetAtt': [Queue, Arn] }",
            "      Sub: !Sub 'https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}'",
            "      SubVars: !Sub ['${A}-${Queue.QueueName}-${!Literal}', { A: !Ref Stage }]",
            "      Join: !Join ['/', [a, !Ref Stage, !Select [1, !Split [',', 'x,y,z']]]]",
            "      If: !If [IsProd, big, small]",
            "      Gone: !If [IsProd, !Ref AWS::NoValue, kept]",
            "      Map: !FindInMap [Sizes, !Ref Stage, memory]",
            "      Nested: [!Ref Stage, { Deep: !Ref AWS::AccountId }]");

    private final CloudFormationTemplate template = CloudFormationTemplate.parse(YAML, "test");

    private IntrinsicResolver resolver(CloudFormationTemplate t) {
        return new IntrinsicResolver(t, "eu-west-1", "123456789012", new IntrinsicResolver.ResourceLookup() {
            @Override
            public Optional<String> ref(String logicalId) {
                return logicalId.equals("Table") ? Optional.of("stack-jobs") : Optional.empty();
            }

            @Override
            public Optional<String> getAtt(String logicalId, String attribute) {
                return logicalId.equals("Queue") ? Optional.of("queue-" + attribute) : Optional.empty();
            }
        });
    }

    @Test
    void shouldKeepShortTagsAsLongForms_whenParsed() {
        // Arrange
        Map<String, Object> props = template.resources().get("Thing").properties();

        // Act
        Object ref = props.get("Ref1");
        Object getAtt = props.get("Arn");

        // Assert
        assertThat(ref).isEqualTo(Map.of("Ref", "Table"));
        assertThat(getAtt).isEqualTo(Map.of("Fn::GetAtt", List.of("Queue", "Arn")));
        assertThat(template.root().get("AWSTemplateFormatVersion")).isEqualTo("2010-09-09");
        assertThat(template.resourcesOfType("AWS::SQS::Queue")).containsOnlyKeys("Queue");
    }

    @Test
    void shouldResolveEveryIntrinsic_whenResolvedAgainstResourcesAndParameters() {
        // Arrange
        IntrinsicResolver resolver = resolver(template);

        // Act
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) resolver.resolve(template.resources().get("Thing").properties());

        // Assert
        assertThat(r).containsEntry("Ref1", "stack-jobs")
                .containsEntry("Arn", "queue-Arn")
                .containsEntry("ArnList", "queue-Arn")
                .containsEntry("Sub", "https://video-jobs-local-Api.execute-api.eu-west-1.amazonaws.com/prod")
                .containsEntry("SubVars", "prod-queue-QueueName-${Literal}")
                .containsEntry("Join", "a/prod/y")
                .containsEntry("If", "big")
                .containsEntry("Map", 1024)
                .containsEntry("Nested", List.of("prod", Map.of("Deep", "123456789012")))
                .doesNotContainKey("Gone");
    }

    @Test
    void shouldUseOverridesAndStackName_whenGiven() {
        // Arrange
        CloudFormationTemplate t = template.withParameters(Map.of("Stage", "dev", "Secret", "s3cr3t"))
                .withStackName("other");

        // Act
        IntrinsicResolver resolver = resolver(t);

        // Assert
        assertThat(resolver.resolveString(Map.of("Ref", "Secret"))).isEqualTo("s3cr3t");
        assertThat(resolver.resolveString(Map.of("Fn::If", List.of("IsProd", "big", "small")))).isEqualTo("small");
        assertThat(resolver.resolveString(t.resources().get("Table").properties().get("TableName")))
                .isEqualTo("other-jobs");
    }

    @Test
    void shouldRefuse_whenParameterHasNoValueOrValueNotAllowed() {
        // Arrange
        IntrinsicResolver resolver = resolver(template);

        // Act / Assert
        assertThatThrownBy(() -> resolver.resolve(Map.of("Ref", "Secret")))
                .hasMessageContaining("Secret has no Default");
        assertThatThrownBy(() -> template.withParameters(Map.of("Stage", "qa")))
                .hasMessageContaining("not one of");
        assertThatThrownBy(() -> resolver.resolve(Map.of("Ref", "Nothing")))
                .hasMessageContaining("unknown name Nothing");
    }

    @Test
    void shouldOrderDeadLetterQueuesFirst_whenRealTemplateProvisioned() {
        // Arrange
        CloudFormationTemplate real = CloudFormationTemplate.load(
                dev.videojobs.local.stack.testing.AwsEnvironment.templatePath());

        // Act
        List<String> order = TemplateProvisioner.creationOrder(real).stream()
                .map(CloudFormationTemplate.Resource::logicalId).toList();

        // Assert
        assertThat(order).containsExactlyInAnyOrder("JobsTable", "MediaBucket", "PollQueue", "PollDeadLetterQueue",
                "FetchQueue", "FetchDeadLetterQueue", "NotifyQueue", "NotifyDeadLetterQueue");
        assertThat(order.indexOf("PollDeadLetterQueue")).isLessThan(order.indexOf("PollQueue"));
        assertThat(order.indexOf("FetchDeadLetterQueue")).isLessThan(order.indexOf("FetchQueue"));
        assertThat(order.indexOf("NotifyDeadLetterQueue")).isLessThan(order.indexOf("NotifyQueue"));
    }
}
