package dev.videojobs.local.stack.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Handler that outlives its 1 s Timeout (waits on a latch nobody opens). */
public class SlowHandler implements RequestHandler<Map<String, Object>, String> {

    public SlowHandler(Map<String, String> env) {
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        try {
            new CountDownLatch(1).await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Recorder.record("slow", "interrupted");
            Thread.currentThread().interrupt();
        }
        return "late";
    }
}
