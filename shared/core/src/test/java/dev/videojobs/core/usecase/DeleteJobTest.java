package dev.videojobs.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.Job;
import dev.videojobs.testing.InMemoryMediaStore;
import dev.videojobs.testing.WorkflowFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeleteJobTest {

    private final WorkflowFixture fixture = new WorkflowFixture();
    private final InMemoryMediaStore media = new InMemoryMediaStore();
    private final DeleteJob delete = new DeleteJob(fixture.useCases.reads, fixture.jobs, media);

    @Test
    void shouldRemoveTheJobAndEveryObjectOfIt_whenItHasEnded() {
        // Arrange: a succeeded job with its input and output in the bucket
        Job job = fixture.queuedJob("job_1");
        String input = job.spec().inputs().get("image");
        media.put(input, new byte[] {1}, "image/png");
        media.put("outputs/t1/job_1/0.mp4", new byte[] {2}, "video/mp4");
        media.put("outputs/t2/job_9/0.mp4", new byte[] {3}, "video/mp4");
        fixture.useCases.forward.forward("job_1");
        fixture.useCases.steps.succeed("job_1", List.of(new Job.Output("outputs/t1/job_1/0.mp4", 1, "sha", "video/mp4")));

        // Act
        delete.delete("t1", "job_1");

        // Assert
        assertThat(fixture.jobs.get("job_1")).isEmpty();
        assertThat(media.contains(input)).isFalse();
        assertThat(media.contains("outputs/t1/job_1/0.mp4")).isFalse();
        assertThat(media.contains("outputs/t2/job_9/0.mp4")).as("another job's output").isTrue();
    }

    @Test
    void shouldRefuseAndKeepEverything_whenTheJobIsLive() {
        Job job = fixture.queuedJob("job_1");
        media.put(job.spec().inputs().get("image"), new byte[] {1}, "image/png");

        assertThatThrownBy(() -> delete.delete("t1", "job_1")).isInstanceOfSatisfying(ClientError.class, e -> {
            assertThat(e.kind()).isEqualTo(ClientError.Kind.CONFLICT);
            assertThat(e.code()).isEqualTo("job_not_finished");
        });
        assertThat(fixture.jobs.get("job_1")).isPresent();
        assertThat(media.contains(job.spec().inputs().get("image"))).isTrue();
    }

    @Test
    void shouldAnswerNotFoundAndKeepIt_whenTheJobIsAnotherTenants() {
        fixture.queuedJob("job_1");
        fixture.useCases.cancel.cancel("t1", "job_1");

        assertThatThrownBy(() -> delete.delete("someone-else", "job_1")).isInstanceOfSatisfying(ClientError.class,
                e -> assertThat(e.kind()).isEqualTo(ClientError.Kind.NOT_FOUND));
        assertThat(fixture.jobs.get("job_1")).isPresent();
    }
}
