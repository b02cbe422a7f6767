package dev.videojobs.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED"})
    void shouldRefuseEveryMove_whenStatusIsTerminal(JobStatus terminal) {
        for (JobStatus next : JobStatus.values()) {
            assertThat(terminal.canMoveTo(next)).as("%s -> %s", terminal, next).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"QUEUED", "SUBMITTED", "PROCESSING"})
    void shouldAllowCancelExpireAndFail_whenStatusIsLive(JobStatus live) {
        assertThat(live.canMoveTo(JobStatus.CANCELLED)).isTrue();
        assertThat(live.canMoveTo(JobStatus.EXPIRED)).isTrue();
        assertThat(live.canMoveTo(JobStatus.FAILED)).isTrue();
    }

    @Test
    void shouldFollowTheForwardPathOnly_whenMovingBetweenLiveStates() {
        assertThat(allowedFrom(JobStatus.QUEUED)).containsExactlyInAnyOrder(JobStatus.SUBMITTED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.EXPIRED);
        assertThat(allowedFrom(JobStatus.SUBMITTED)).containsExactlyInAnyOrder(JobStatus.PROCESSING, JobStatus.SUCCEEDED, JobStatus.FAILED,
                JobStatus.CANCELLED, JobStatus.EXPIRED);
        assertThat(allowedFrom(JobStatus.PROCESSING)).containsExactlyInAnyOrder(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED,
                JobStatus.EXPIRED);
    }

    @Test
    void shouldRoundTripTheWireName_whenParsed() {
        for (JobStatus status : JobStatus.values()) {
            assertThat(JobStatus.fromWire(status.wire())).isEqualTo(status);
        }
    }

    private static EnumSet<JobStatus> allowedFrom(JobStatus from) {
        EnumSet<JobStatus> allowed = EnumSet.noneOf(JobStatus.class);
        for (JobStatus next : JobStatus.values()) {
            if (from.canMoveTo(next)) {
                allowed.add(next);
            }
        }
        return allowed;
    }
}
