package dev.videojobs.local.sim;

import java.util.Map;

/** Kling's business error codes with the HTTP status each travels with (providers.md table). */
final class KlingCodes {
    static final int AUTH_FAILED = 1000;
    static final int AUTH_EMPTY = 1001;
    static final int AUTH_INVALID = 1002;
    static final int AUTH_NOT_YET_VALID = 1003;
    static final int AUTH_EXPIRED = 1004;
    static final int INVALID_PARAMS = 1201;
    static final int UNKNOWN_METHOD = 1202;
    static final int NOT_FOUND = 1203;
    static final int RATE_LIMITED = 1302;
    static final int CONCURRENCY_LIMITED = 1303;
    static final int SERVER_ERROR = 5000;
    static final int SERVICE_UNAVAILABLE = 5001;

    private static final Map<Integer, String> MESSAGES = Map.ofEntries(
            Map.entry(1000, "Authentication failed"),
            Map.entry(1001, "Authorization is empty"),
            Map.entry(1002, "Authorization is invalid"),
            Map.entry(1003, "Authorization is not yet valid"),
            Map.entry(1004, "Authorization has expired"),
            Map.entry(1100, "Account exception"),
            Map.entry(1101, "Account in arrears (postpaid scenario)"),
            Map.entry(1102, "Resource pack depleted or expired (prepaid scenario)"),
            Map.entry(1103, "Unauthorized access to requested resource, such as API/model"),
            Map.entry(1200, "Invalid request parameters"),
            Map.entry(1201, "Invalid parameters, such as incorrect key or illegal value"),
            Map.entry(1202, "The requested method is invalid"),
            Map.entry(1203, "The requested resource does not exist, such as the model"),
            Map.entry(1300, "Trigger strategy of the platform"),
            Map.entry(1301, "Trigger the content security policy of the platform"),
            Map.entry(1302, "The API request is too fast, exceeding the platform's rate limit"),
            Map.entry(1303, "Concurrency or QPS exceeds the prepaid resource package limit"),
            Map.entry(1304, "Trigger the platform's IP whitelisting policy"),
            Map.entry(5000, "Server internal error"),
            Map.entry(5001, "Server temporarily unavailable, usually due to maintenance"),
            Map.entry(5002, "Server internal timeout, usually due to a backlog"));

    private KlingCodes() {
    }

    static boolean isKnown(int code) {
        return MESSAGES.containsKey(code);
    }

    static String message(int code) {
        return MESSAGES.getOrDefault(code, "Error");
    }

    static int httpStatus(int code) {
        if (code >= 1000 && code <= 1004) {
            return 401;
        }
        if (code >= 1100 && code <= 1102) {
            return 429;
        }
        if (code == 1103) {
            return 403;
        }
        if (code == 1202 || code == 1203) {
            return 404;
        }
        if (code >= 1302 && code <= 1304) {
            return 429;
        }
        return switch (code) {
            case 5000 -> 500;
            case 5001 -> 503;
            case 5002 -> 504;
            default -> 400; // 1200, 1201, 1300, 1301
        };
    }
}
