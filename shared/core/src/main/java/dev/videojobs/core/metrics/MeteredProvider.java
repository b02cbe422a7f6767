package dev.videojobs.core.metrics;

import dev.videojobs.core.model.ProductModel;
import dev.videojobs.core.model.ProviderName;
import dev.videojobs.core.provider.InputDelivery;
import dev.videojobs.core.provider.ProviderException;
import dev.videojobs.core.provider.TaskState;
import dev.videojobs.core.provider.VideoProvider;
import java.time.Instant;

/** A provider whose every call, and every refusal by its kind, is counted. */
public final class MeteredProvider implements VideoProvider {

    private final VideoProvider provider;
    private final JobMetrics metrics;

    public MeteredProvider(VideoProvider provider, JobMetrics metrics) {
        this.provider = provider;
        this.metrics = metrics;
    }

    @Override
    public ProviderName name() {
        return provider.name();
    }

    @Override
    public InputDelivery inputDelivery() {
        return provider.inputDelivery();
    }

    @Override
    public String submit(SubmitRequest request) throws ProviderException {
        return counted("submit", () -> provider.submit(request));
    }

    @Override
    public TaskState query(ProductModel model, String taskId) throws ProviderException {
        return counted("query", () -> provider.query(model, taskId));
    }

    @Override
    public Reconciliation reconcile(String jobId, ProductModel model, Instant since) throws ProviderException {
        return counted("reconcile", () -> provider.reconcile(jobId, model, since));
    }

    private interface Call<T> {
        T run() throws ProviderException;
    }

    private <T> T counted(String call, Call<T> work) throws ProviderException {
        metrics.providerCall(provider.name(), call);
        try {
            return work.run();
        } catch (ProviderException e) {
            metrics.providerRefusal(provider.name(), e.kind());
            throw e;
        }
    }
}
