package dev.videojobs.testing;

import dev.videojobs.core.job.Job;
import dev.videojobs.core.job.JobSpec;
import dev.videojobs.core.job.JobStatus;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.provider.InputDelivery;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.provider.VideoProvider;
import dev.videojobs.core.queue.JobMessage;
import dev.videojobs.core.queue.WorkQueue;
import dev.videojobs.core.schedule.Schedules;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The use cases over in-memory adapters with the same contracts (conditional writes), for transition unit tests. */
public final class WorkflowFixture {

    public static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    public final MutableClock clock = new MutableClock(START);
    public final InMemoryJobStore jobs = new InMemoryJobStore();
    public final RecordingQueue queue = new RecordingQueue();
    public final CountingProvider provider = new CountingProvider();
    public final UseCases useCases = new UseCases(jobs, queue, new PresignOnlyMedia(), name -> provider, new Schedules(1.0),
            Map.of(ProviderName.WAVESPEED, URI.create("https://api.example"), ProviderName.KLING, URI.create("https://api.example")), clock);

    public Job queuedJob(String id) {
        Job job = Job.queued(id, "t1", new JobSpec(ProductModel.KLING_V16_I2V_PRO.id(), "wavespeed", Map.of("prompt", "p"),
                Optional.empty(), Optional.of("https://client.example/hook"), START, START.plusSeconds(3600), id + ".secret",
                new JobSpec.Source("api", Optional.empty()), Optional.empty(), Map.of("image", "inputs/t1/" + id + "/image.png")));
        jobs.create(job);
        return job;
    }

    public Job job(String id) {
        return jobs.get(id).orElseThrow();
    }

    public List<JobMessage> sent(JobMessage.Action action) {
        return queue.sent.stream().map(SentMessage::message).filter(m -> m.action() == action).toList();
    }

    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant now) {
            this.now = now;
        }

        public void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    public static final class InMemoryJobStore implements JobStore {
        // copies in and out, as a real store: a caller never changes what is stored without a write
        private final Map<String, Job> docs = new ConcurrentHashMap<>();
        // the tasks of deleted jobs stay theirs, as in DynamoJobStore
        private final Map<String, String> deletedTasks = new ConcurrentHashMap<>();

        @Override
        public boolean create(Job job) {
            return docs.putIfAbsent(job.id(), job.copy()) == null;
        }

        @Override
        public Optional<Job> get(String id) {
            return Optional.ofNullable(docs.get(id)).map(Job::copy);
        }

        @Override
        public synchronized boolean replace(Job changed, long expectedVersion) {
            Optional<Job> current = get(changed.id());
            if (current.isEmpty() || current.get().version() != expectedVersion) {
                return false;
            }
            docs.put(changed.id(), changed.copy());
            return true;
        }

        @Override
        public synchronized boolean delete(Job job) {
            Optional<Job> current = get(job.id());
            if (current.isEmpty() || current.get().version() != job.version()) {
                return false;
            }
            docs.remove(job.id());
            job.providerTaskId().ifPresent(task -> deletedTasks.put(task, job.id()));
            return true;
        }

        @Override
        public Optional<String> findByProviderTask(String provider, String taskId) {
            return docs.keySet().stream().filter(id -> get(id).flatMap(Job::providerTaskId).filter(taskId::equals).isPresent()).findFirst()
                    .or(() -> Optional.ofNullable(deletedTasks.get(taskId)));
        }

        @Override
        public JobPage list(String tenant, Optional<JobStatus> status, int limit, Optional<String> cursor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> due(long nowMillis, int limit) {
            return docs.keySet().stream().map(id -> get(id).orElseThrow())
                    .filter(job -> !job.status().isTerminal() && job.nextCheckAt() <= nowMillis)
                    .sorted(java.util.Comparator.comparingLong(Job::nextCheckAt)).map(Job::id).limit(limit).toList();
        }

        @Override
        public Optional<Instant> oldestLiveCreatedAt() {
            return docs.values().stream().filter(job -> !job.status().isTerminal()).map(job -> job.spec().createdAt())
                    .min(java.util.Comparator.naturalOrder());
        }
    }

    public record SentMessage(WorkQueue.Name queue, JobMessage message, Duration delay) {}

    public static final class RecordingQueue implements WorkQueue {
        public final List<SentMessage> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(Name queue, JobMessage message, Duration delay) {
            sent.add(new SentMessage(queue, message, delay));
        }
    }

    /**
     * A provider that counts calls, answers with the next state set, or throws the next failure set. A submit with
     * {@code loseAnswers} creates its task and then fails as if the answer had been lost; {@link #reconcile} finds the
     * tasks it created for a job, or answers {@code reconcileAs} when set.
     */
    public static final class CountingProvider implements VideoProvider {
        public final AtomicInteger submits = new AtomicInteger();
        public final AtomicInteger queries = new AtomicInteger();
        public final AtomicInteger reconciles = new AtomicInteger();
        public final Map<String, String> tasksByJob = new ConcurrentHashMap<>();
        public volatile ProviderException failSubmit;
        public volatile boolean loseAnswers;
        public volatile Reconciliation reconcileAs;
        public volatile ProviderException failReconcile;
        public volatile TaskState state;

        @Override
        public ProviderName name() {
            return ProviderName.WAVESPEED;
        }

        @Override
        public InputDelivery inputDelivery() {
            return InputDelivery.PRESIGNED_URL;
        }

        @Override
        public String submit(SubmitRequest request) throws ProviderException {
            if (failSubmit != null) {
                throw failSubmit;
            }
            String taskId = "task-" + submits.incrementAndGet();
            tasksByJob.put(request.jobId(), taskId);
            if (loseAnswers) {
                throw new ProviderException(ProviderException.Kind.OUTCOME_UNKNOWN, "provider_no_answer", "sent, no answer", null);
            }
            return taskId;
        }

        @Override
        public Reconciliation reconcile(String jobId, ProductModel model, Instant since) throws ProviderException {
            reconciles.incrementAndGet();
            if (failReconcile != null) {
                ProviderException failure = failReconcile;
                failReconcile = null;
                throw failure;
            }
            if (reconcileAs != null) {
                return reconcileAs;
            }
            String taskId = tasksByJob.get(jobId);
            return taskId == null ? new Reconciliation.NotCreated() : new Reconciliation.Created(taskId);
        }

        @Override
        public TaskState query(ProductModel model, String taskId) {
            queries.incrementAndGet();
            return state;
        }
    }

    /** Only presigning is used by the workflow (for the provider's input URLs). */
    public static final class PresignOnlyMedia implements MediaStore {
        @Override
        public URI presignGet(String key, Duration ttl) {
            return URI.create("https://s3.example/" + key + "?signed");
        }

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StoredObject copyIn(String key, InputStream in, long declaredLength) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<byte[]> read(String key, long maxBytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ObjectHead> head(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public URI presignPut(String key, String contentType, long contentLength, Duration ttl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String key) {
            throw new UnsupportedOperationException();
        }
    }
}
