package dev.videojobs.core.job;

import java.time.Instant;
import java.util.Optional;

/**
 * The job's one webhook event: opened when the job ends, then each delivery attempt and how the delivery ended
 * (delivered, stopped by a 410, or the retry schedule used up).
 */
public final class Notification {

    private String eventId;
    private int attempts;
    private Instant lastAttemptAt;
    private Integer lastStatus;
    private String lastError;
    private Instant deliveredAt;
    private Instant nextAttemptAt;
    private String stopped;
    private Boolean exhausted;
    private Instant redeliveredAt;

    public Notification() {}

    Notification copy() {
        return restore(eventId, attempts, lastAttemptAt, lastStatus, lastError, deliveredAt, nextAttemptAt, stopped, exhausted,
                redeliveredAt);
    }

    /** Opens the event (or reopens it for a redelivery): nothing attempted yet. */
    public Notification open(String eventId) {
        this.eventId = eventId;
        this.attempts = 0;
        return this;
    }

    /** A redelivery the client asked for: the schedule starts over, with the same event id. */
    public Notification restart(Instant now) {
        attempts = 0;
        exhausted = false;
        deliveredAt = null;
        nextAttemptAt = null;
        stopped = null;
        redeliveredAt = now;
        return this;
    }

    /** One delivery attempt: its HTTP status (-1 without an answer) and, when it failed, why. */
    public Notification attempted(Instant at, int status, String error) {
        attempts++;
        lastAttemptAt = at;
        lastStatus = status;
        lastError = error;
        return this;
    }

    public Notification delivered(Instant at) {
        deliveredAt = at;
        return this;
    }

    public Notification stopped(String why) {
        stopped = why;
        return this;
    }

    public Notification exhausted() {
        exhausted = true;
        return this;
    }

    public Notification nextAttemptAt(Instant at) {
        nextAttemptAt = at;
        return this;
    }

    /** Delivered, or stopped by the client: nothing more to send. */
    public boolean settled() {
        return deliveredAt != null || stopped != null;
    }

    public boolean isExhausted() {
        return Boolean.TRUE.equals(exhausted);
    }

    public Optional<String> eventId() {
        return Optional.ofNullable(eventId);
    }

    public int attempts() {
        return attempts;
    }

    public Optional<Instant> lastAttemptAt() {
        return Optional.ofNullable(lastAttemptAt);
    }

    public Optional<Integer> lastStatus() {
        return Optional.ofNullable(lastStatus);
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    public Optional<Instant> deliveredAt() {
        return Optional.ofNullable(deliveredAt);
    }

    public Optional<Instant> nextAttemptAt() {
        return Optional.ofNullable(nextAttemptAt);
    }

    public Optional<String> stoppedReason() {
        return Optional.ofNullable(stopped);
    }

    /** Present once the schedule has been used up (true) or restarted after that (false). */
    public Optional<Boolean> exhaustedFlag() {
        return Optional.ofNullable(exhausted);
    }

    public Optional<Instant> redeliveredAt() {
        return Optional.ofNullable(redeliveredAt);
    }

    /** Restores a stored notification (the DynamoDB mapper). */
    public static Notification restore(String eventId, int attempts, Instant lastAttemptAt, Integer lastStatus, String lastError,
            Instant deliveredAt, Instant nextAttemptAt, String stopped, Boolean exhausted, Instant redeliveredAt) {
        Notification n = new Notification();
        n.eventId = eventId;
        n.attempts = attempts;
        n.lastAttemptAt = lastAttemptAt;
        n.lastStatus = lastStatus;
        n.lastError = lastError;
        n.deliveredAt = deliveredAt;
        n.nextAttemptAt = nextAttemptAt;
        n.stopped = stopped;
        n.exhausted = exhausted;
        n.redeliveredAt = redeliveredAt;
        return n;
    }
}
