package dev.videojobs.core.queue;

import java.time.Duration;

/** The three work queues. Delivery is at least once; consumers make every effect idempotent. */
public interface WorkQueue {

    enum Name { POLL, FETCH, NOTIFY }

    void send(Name queue, JobMessage message, Duration delay);
}
