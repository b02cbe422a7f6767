package dev.videojobs.local.stack.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.adapter.metrics.EmfMetricSink;
import dev.videojobs.core.metrics.Metric;
import dev.videojobs.core.usecase.JobSteps;
import dev.videojobs.local.stack.aws.CloudFormationTemplate.Resource;
import dev.videojobs.local.stack.testing.AwsEnvironment;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What an operator relies on in template.yaml: an alarm for every failure mode, logs kept as long as asked, safe deploys. */
class OperationsTemplateTest {

    private final CloudFormationTemplate template = CloudFormationTemplate.load(AwsEnvironment.templatePath());
    private final Map<String, Resource> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm");

    @Test
    void shouldAlarmOnEveryDeadLetterQueue_whenAMessageArrivesInIt() {
        Map<String, Resource> queues = template.resourcesOfType("AWS::SQS::Queue");
        List<String> deadLetterQueues = queues.keySet().stream().filter(id -> id.endsWith("DeadLetterQueue")).toList();

        assertThat(deadLetterQueues).hasSize(3);
        for (String queue : deadLetterQueues) {
            assertThat(alarms.values()).as(queue).anySatisfy(alarm -> {
                assertThat(alarm.properties()).containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
                        .containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold");
                assertThat(String.valueOf(alarm.properties().get("Dimensions"))).contains(queue);
            });
        }
    }

    @Test
    void shouldRollBackADeploymentOnItsOwnErrorAndThrottleAlarms_whenAFunctionIsPublished() {
        Map<String, Resource> functions = template.resourcesOfType("AWS::Serverless::Function");

        assertThat(functions).hasSize(7);
        assertThat(template.globalFunctionProperties()).containsEntry("AutoPublishAlias", "live")
                .containsEntry("Tracing", Map.of("Ref", "Tracing"));
        assertThat(String.valueOf(template.globalFunctionProperties().get("DeploymentPreference"))).contains("DeploymentType");
        functions.forEach((id, function) -> {
            String errors = id + "ErrorsAlarm";
            String throttles = id + "ThrottlesAlarm";
            assertThat(alarms).as(id).containsKeys(errors, throttles);
            assertThat(String.valueOf(alarms.get(errors).properties().get("Metrics"))).contains("Errors", "Invocations", id);
            assertThat(alarms.get(throttles).properties()).containsEntry("MetricName", "Throttles");
            assertThat(function.properties().get("DeploymentPreference"))
                    .isEqualTo(Map.of("Alarms", List.of(Map.of("Ref", errors), Map.of("Ref", throttles))));
        });
    }

    @Test
    void shouldKeepEachFunctionsLogsForTheRetentionParameter_whenTheStackIsDeployed() {
        Map<String, Resource> logGroups = template.resourcesOfType("AWS::Logs::LogGroup");

        template.resourcesOfType("AWS::Serverless::Function").forEach((id, function) -> {
            Object logGroup = ((Map<?, ?>) function.properties().get("LoggingConfig")).get("LogGroup");
            assertThat(logGroup).as(id).isEqualTo(Map.of("Ref", id + "Logs"));
            assertThat(logGroups.get(id + "Logs").properties()).containsEntry("RetentionInDays", Map.of("Ref", "LogRetentionDays"));
        });
    }

    @Test
    void shouldAlarmAtTheFirstAccountProblem_whenTheCoreLogsOne() {
        Map<String, Resource> filters = template.resourcesOfType("AWS::Logs::MetricFilter");

        assertThat(filters.values()).isNotEmpty().allSatisfy(filter ->
                assertThat(String.valueOf(filter.properties().get("FilterPattern"))).contains("\"" + JobSteps.ACCOUNT_PROBLEM_EVENT + "\""));
        assertThat(alarms.get("ProviderAccountProblemsAlarm").properties()).containsEntry("MetricName", "ProviderAccountProblems")
                .containsEntry("Threshold", 0).containsEntry("Period", 60);
    }

    @Test
    void shouldAlarmOnTheOldestLiveJobsAge_whenTheSweeperMeasuresIt() {
        Map<String, Object> alarm = alarms.get("OldestLiveJobAgeAlarm").properties();

        String metrics = String.valueOf(alarm.get("Metrics"));
        assertThat(metrics).contains("Namespace=" + EmfMetricSink.NAMESPACE, "MetricName=" + Metric.OLDEST_LIVE_JOB_AGE.cloudWatchName(),
                "Name=" + EmfMetricSink.STACK, "Value={Ref=AWS::StackName}", "Expression=age / 60");
        assertThat(alarm).containsEntry("Threshold", Map.of("Ref", "OldestLiveJobAlarmMinutes"));
        Object variables = ((Map<?, ?>) template.globalFunctionProperties().get("Environment")).get("Variables");
        assertThat(((Map<?, ?>) variables).get("STACK_NAME")).isEqualTo(Map.of("Ref", "AWS::StackName"));
    }

    @Test
    void shouldShowEveryMetricTheFunctionsEmitAndNoOther_whenTheDashboardIsOpened() {
        String body = String.valueOf(template.resource("Dashboard").orElseThrow().properties().get("DashboardBody"));
        // ["VideoJobs", "Name", ...], its shorthand ["...", "Name", ...] for the row above's dimensions, and SEARCH's MetricName
        Set<String> named = new TreeSet<>();
        Matcher metric = Pattern.compile("\"(?:VideoJobs|\\.\\.\\.)\", \"(\\w+)\"|MetricName=\\\\\"(\\w+)\\\\\"").matcher(body);
        while (metric.find()) {
            named.add(metric.group(1) != null ? metric.group(1) : metric.group(2));
        }

        Set<String> emitted = Arrays.stream(Metric.values()).map(Metric::cloudWatchName).collect(Collectors.toCollection(TreeSet::new));
        emitted.add("ProviderAccountProblems"); // the log metric filter's
        assertThat(named).isEqualTo(emitted);
    }

    @Test
    void shouldNotifyTheTopic_whenAnyAlarmChangesState() {
        assertThat(template.resource("AlarmTopic").orElseThrow().definition()).containsEntry("Condition", "HasAlarmEmail");
        assertThat(alarms.values()).allSatisfy(alarm -> assertThat(String.valueOf(alarm.properties().get("AlarmActions")))
                .contains("HasAlarmEmail", "AlarmTopic"));
    }
}
