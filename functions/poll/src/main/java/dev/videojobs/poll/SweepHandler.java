package dev.videojobs.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.videojobs.adapter.lambda.LambdaRequest;
import dev.videojobs.core.schedule.TimeBudget;
import dev.videojobs.core.usecase.SweepJobs;
import dev.videojobs.json.JsonLog;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * SweepFunction: every minute, finds jobs whose next check is overdue (a lost message) or whose deadline passed.
 * It works until 5 s before its timeout (one job takes a few DynamoDB and SQS calls, milliseconds each) and leaves
 * the rest, oldest first, to the next tick.
 */
public final class SweepHandler implements RequestHandler<ScheduledEvent, Void> {

    static final Duration MARGIN = Duration.ofSeconds(5);

    private final SweepJobs sweep;
    private final Clock clock;

    public SweepHandler() {
        this(System.getenv());
    }

    public SweepHandler(Map<String, String> environment) {
        this(PollComponents.primedForSnapStart(environment));
    }

    private SweepHandler(PollComponents components) {
        this(components.sweepJobs(), components.clock);
    }

    SweepHandler(SweepJobs sweep, Clock clock) {
        this.sweep = sweep;
        this.clock = clock;
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        LambdaRequest.begin(context);
        int swept = sweep.sweep(clock.instant(), new TimeBudget(context::getRemainingTimeInMillis, MARGIN));
        if (swept > 0) {
            JsonLog.info("swept", "re-issued or expired overdue jobs", "jobs", swept);
        }
        return null;
    }
}
