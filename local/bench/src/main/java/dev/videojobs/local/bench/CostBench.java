package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Infrastructure cost per job at AWS list prices, from what the local stack counted during the pipeline batches,
 * for the callback path and the polling path. Target: at most 0.05% of the cheapest video's price ($0.45). The
 * callback path is priced on the batch run at half capacity: the counts per job are those of any batch, and the
 * functions' busy time is not inflated by waiting for the two saturated cores.
 */
final class CostBench {

    static final String NAME = "cost";
    private static final double CHEAPEST_VIDEO = 0.45;
    private static final double MAX_SHARE = 0.0005;

    void report(PipelineRuns runs, BenchReport report) {
        double budget = CHEAPEST_VIDEO * MAX_SHARE;
        for (PipelineRun.Result run : List.of(runs.paced(), runs.polling())) {
            String path = run.path() + " path";
            List<CostModel.Line> lines = CostModel.lines(run);
            double total = CostModel.total(lines);
            report.add(Figure.checked(NAME, path + ": infrastructure cost per job", Stats.single(total), "$",
                    String.format(Locale.ROOT, "0.05%% of $%.2f = $%s", CHEAPEST_VIDEO, BenchReport.format(budget)),
                    "<= $" + BenchReport.format(budget), total <= budget));
            for (CostModel.Line line : lines) {
                report.add(Figure.info(NAME, path + ": " + line.item() + " per job", Stats.single(line.perJob()), line.unit(),
                        "$" + BenchReport.format(line.dollarsPerJob()) + " per job"));
            }
            ObjectNode details = report.details(NAME).with(run.path());
            details.put("jobs", run.completed()).put("total_usd_per_job", total);
            var items = details.putArray("items");
            lines.forEach(line -> items.addObject().put("item", line.item()).put("per_job", line.perJob()).put("unit", line.unit())
                    .put("usd_per_job", line.dollarsPerJob()).put("how", line.how()));
            details.putPOJO("aws_requests", run.requests());
            details.putPOJO("event_source_requests_local", run.eventSourceRequests());
            details.putPOJO("invocations", run.invocations());
            details.put("job_item_bytes", run.jobItemBytes());
        }
        ObjectNode prices = report.details(NAME).with("prices");
        prices.put("region", CostModel.REGION).put("lambda_arm64_gb_s", CostModel.LAMBDA_ARM_GB_SECOND)
                .put("lambda_request", CostModel.LAMBDA_REQUEST).put("dynamodb_read_unit", CostModel.DYNAMODB_READ_UNIT)
                .put("dynamodb_write_unit", CostModel.DYNAMODB_WRITE_UNIT).put("sqs_request", CostModel.SQS_REQUEST)
                .put("s3_put_copy_post_list", CostModel.S3_PUT_COPY_POST_LIST).put("s3_get", CostModel.S3_GET)
                .put("api_gateway_rest_request", CostModel.API_GATEWAY_REST_REQUEST);
        report.note("cost: " + CostModel.REGION + " list prices: Lambda arm64 $0.0000133334/GB-s + $0.20/1M requests; DynamoDB "
                + "on-demand $0.125/1M read units, $0.625/1M write units; SQS $0.40/1M; S3 $0.005/1k PUT/COPY/POST/LIST, "
                + "$0.0004/1k GET; API Gateway REST $3.50/1M. Lambda GB-s from sampled function busy time (no durations recorded); "
                + "storage, data transfer, logs and Secrets Manager are not included");
    }
}
