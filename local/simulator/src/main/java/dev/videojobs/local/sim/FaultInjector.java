package dev.videojobs.local.sim;

import java.nio.charset.StandardCharsets;

/** Canned answers for the injected error kinds that replace a real answer (see {@link FaultPlan}). */
final class FaultInjector {
    /** Parses as far as "data" and then breaks, like a proxy answering with a mangled body. */
    private static final String MALFORMED = "{\"code\": 200, \"message\": \"success\", \"data\": {\"id\": <html>";

    private final SimulatorOptions options;

    FaultInjector(SimulatorOptions options) {
        this.options = options;
    }

    SimResponse cannedAnswer(String kind, String provider) {
        boolean kling = provider.equals(SimTask.KLING);
        return switch (kind) {
            case "http_500" -> kling ? KlingApi.error(KlingCodes.SERVER_ERROR, KlingCodes.message(5000))
                    : WaveSpeedApi.error(500, "Internal Server Error");
            case "http_503" -> kling ? KlingApi.error(KlingCodes.SERVICE_UNAVAILABLE, KlingCodes.message(5001))
                    : WaveSpeedApi.error(503, "Service Unavailable");
            case "http_429" -> withRetryAfter(kling ? KlingApi.error(KlingCodes.RATE_LIMITED, KlingCodes.message(1302))
                    : WaveSpeedApi.error(429, "Too Many Requests"));
            case "malformed_json" -> SimResponse.bytes(200, "application/json",
                    MALFORMED.getBytes(StandardCharsets.UTF_8));
            default -> providerError(kind);
        };
    }

    private SimResponse providerError(String kind) {
        int code = FaultPlan.parseCode(kind);
        if (kind.startsWith("kling:")) {
            SimResponse response = KlingApi.error(code, KlingCodes.message(code));
            // Only the rate and concurrency limits are "come back later"; 1100-1102 and 1304 need a human.
            return code == KlingCodes.RATE_LIMITED || code == KlingCodes.CONCURRENCY_LIMITED
                    ? withRetryAfter(response) : response;
        }
        SimResponse response = WaveSpeedApi.error(code, reasonPhrase(code));
        return code == 429 ? withRetryAfter(response) : response;
    }

    private SimResponse withRetryAfter(SimResponse response) {
        return response.withHeader("Retry-After", Long.toString(WaveSpeedApi.retryAfterSeconds(options)));
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error " + status;
        };
    }
}
