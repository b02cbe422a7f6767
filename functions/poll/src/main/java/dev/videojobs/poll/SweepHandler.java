package dev.videojobs.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.videojobs.shared.config.Config;
import dev.videojobs.shared.service.Components;
import dev.videojobs.shared.service.JobWorkflow;
import java.time.Clock;
import java.util.Map;

/** SweepFunction: every minute, finds jobs whose next check is overdue (a lost message) or whose deadline passed. */
public final class SweepHandler implements RequestHandler<ScheduledEvent, Void> {

    private static final int PAGE = 100;
    private static final int MAX_PAGES = 20;

    private final JobWorkflow workflow;
    private final Clock clock;

    public SweepHandler() {
        this(System.getenv());
    }

    public SweepHandler(Map<String, String> environment) {
        Components components = new Components(new Config(environment)).primedForSnapStart();
        this.workflow = components.workflow();
        this.clock = components.clock();
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        for (int page = 0; page < MAX_PAGES && workflow.sweep(clock.instant(), PAGE) == PAGE; page++) {
            // a full page may mean more overdue jobs behind it
        }
        return null;
    }
}
