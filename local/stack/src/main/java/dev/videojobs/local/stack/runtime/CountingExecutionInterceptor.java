package dev.videojobs.local.stack.runtime;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Global AWS SDK v2 interceptor (registered in software/amazon/awssdk/global/handlers/execution.interceptors):
 * counts each request sent, per service and operation, into {@link AwsRequestCounter}.
 */
public final class CountingExecutionInterceptor implements ExecutionInterceptor {

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        AwsRequestCounter.record(attributes.getAttribute(AwsRequestCounter.CATEGORY),
                service == null ? "Unknown" : service, operation == null ? "Unknown" : operation);
    }
}
