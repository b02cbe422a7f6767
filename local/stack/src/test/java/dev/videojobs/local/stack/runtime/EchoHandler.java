package dev.videojobs.local.stack.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Api handler answering with what it received, and part of its environment. */
public class EchoHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, String> env;

    public EchoHandler() {
        this(System.getenv());
    }

    public EchoHandler(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent in, Context context) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("resource", in.getResource());
        out.put("path", in.getPath());
        out.put("method", in.getHttpMethod());
        out.put("pathParameters", in.getPathParameters());
        out.put("query", in.getQueryStringParameters());
        out.put("multiQuery", in.getMultiValueQueryStringParameters());
        out.put("body", in.getBody());
        out.put("contentType", in.getHeaders() == null ? null : in.getHeaders().get("Content-Type"));
        out.put("apiKey", in.getRequestContext().getIdentity().getApiKey());
        out.put("sourceIp", in.getRequestContext().getIdentity().getSourceIp());
        out.put("stage", in.getRequestContext().getStage());
        out.put("requestId", in.getRequestContext().getRequestId());
        out.put("functionName", context.getFunctionName());
        out.put("remainingMillis", context.getRemainingTimeInMillis());
        out.put("memory", context.getMemoryLimitInMB());
        out.put("greeting", env.get("GREETING"));
        out.put("queueUrl", env.get("WORK_QUEUE_URL"));
        out.put("bucket", env.get("BUCKET"));
        out.put("callbackBaseUrl", env.get("CALLBACK_BASE_URL"));
        out.put("extra", env.get("EXTRA"));
        out.put("sqsEndpoint", env.get("AWS_ENDPOINT_URL_SQS"));
        out.put("lambdaFunctionName", env.get("AWS_LAMBDA_FUNCTION_NAME"));
        context.getLogger().log("echo " + in.getPath());
        try {
            return new APIGatewayProxyResponseEvent().withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", "application/json", "X-Echo", "yes"))
                    .withBody(JSON.writeValueAsString(out));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
