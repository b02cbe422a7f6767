package dev.videojobs.adapter.provider;

import dev.videojobs.core.provider.ProviderException.Kind;

/**
 * Kling's error table (providers.md) mapped to what can fix each code. HTTP 429 alone is not "retry later": 1100-1102
 * and 1304 arrive as 429 too, and no retry fixes them. 1103 (no permission for the model or endpoint) is the account's
 * to fix: Kling's advice for it is to verify the account's permissions.
 */
public final class KlingErrors {

    /** 1203: the task (or other resource) asked for does not exist. */
    public static final int RESOURCE_NOT_FOUND = 1203;

    private KlingErrors() {
    }

    public static Kind classify(int httpStatus, int code) {
        if (code >= 1000 && code <= 1004 || code >= 1100 && code <= 1103 || code == 1304) {
            return Kind.ACCOUNT;
        }
        if (code == 1302 || code == 1303 || code >= 5000 && code <= 5002) {
            return Kind.RETRYABLE;
        }
        if (code >= 1200 && code <= 1203 || code == 1300 || code == 1301) {
            return Kind.JOB_REJECTED;
        }
        // a code outside the table: fall back on the HTTP status
        return httpStatus >= 500 ? Kind.RETRYABLE : Kind.JOB_REJECTED;
    }

    public static String describe(int code) {
        return switch (code) {
            case 1000, 1001, 1002 -> "authentication failed";
            case 1003 -> "token not yet valid";
            case 1004 -> "token expired";
            case 1100 -> "account problem";
            case 1101 -> "account in arrears";
            case 1102 -> "resource pack used up or expired";
            case 1103 -> "no permission for this model or endpoint";
            case 1200, 1201 -> "invalid parameters";
            case 1202, 1203 -> "unknown method or resource";
            case 1300 -> "refused by platform policy";
            case 1301 -> "refused by content safety";
            case 1302 -> "rate limit";
            case 1303 -> "concurrency limit";
            case 1304 -> "IP not on the allow-list";
            case 5000, 5001, 5002 -> "Kling server error";
            default -> "Kling error";
        };
    }
}
