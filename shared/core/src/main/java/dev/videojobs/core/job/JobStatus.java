package dev.videojobs.core.job;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** One status vocabulary, whatever the provider. Terminal states never change again. */
public enum JobStatus {
    QUEUED, SUBMITTED, PROCESSING, SUCCEEDED, FAILED, CANCELLED, EXPIRED;

    private static final Set<JobStatus> TERMINAL = EnumSet.of(SUCCEEDED, FAILED, CANCELLED, EXPIRED);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** The state machine: queued -> submitted -> processing -> succeeded | failed; any live state -> cancelled | expired. */
    public boolean canMoveTo(JobStatus next) {
        if (isTerminal() || next == this) {
            return false;
        }
        return switch (next) {
            case QUEUED -> false;
            case SUBMITTED -> this == QUEUED;
            case PROCESSING -> this == SUBMITTED;
            // a provider may finish before we ever saw it running; a forward may fail for good while queued
            case SUCCEEDED -> this == SUBMITTED || this == PROCESSING;
            case FAILED, CANCELLED, EXPIRED -> true;
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWire(String value) {
        for (JobStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown status " + value);
    }
}
