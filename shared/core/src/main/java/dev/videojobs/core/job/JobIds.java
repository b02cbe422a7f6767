package dev.videojobs.core.job;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Job ids: {@code job_}, 12 hex digits of milliseconds (time-ordered), then 80 random bits (unguessable). An id of
 * any other shape cannot name a job, so it is answered as unknown before it reaches the store.
 */
public final class JobIds {

    private static final Pattern FORMAT = Pattern.compile("job_[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    public static String next() {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        return "job_" + String.format("%012x", System.currentTimeMillis()) + HexFormat.of().formatHex(random);
    }

    /** When the job was created: its id begins with the creation time in milliseconds. */
    public static Instant createdAt(String id) {
        return Instant.ofEpochMilli(Long.parseLong(id.substring(4, 16), 16));
    }

    public static boolean isWellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
