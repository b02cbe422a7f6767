package dev.videojobs.adapter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.videojobs.json.JsonLog;

/** What every handler does first: tag this invocation's log lines with its request id. */
public final class LambdaRequest {

    private LambdaRequest() {}

    /** @param context null in tests that call a handler directly */
    public static void begin(Context context) {
        JsonLog.forRequest(context == null ? null : context.getAwsRequestId());
    }
}
