package dev.videojobs.local.bench;

import dev.videojobs.adapter.aws.AwsAdapters;
import dev.videojobs.adapter.http.SafeHttpFetcher;
import dev.videojobs.core.config.Config;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.url.AddressPolicy;
import dev.videojobs.core.url.OpenResponse;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;

/**
 * Child JVM of the copy benchmark, on FetchFunction's jar and settings. {@code copy URL KEY} runs CopyOutputs' copy
 * path (the function's own SafeHttpFetcher and S3MediaStore, built from the environment as FetchComponents builds them);
 * {@code download URL} is the reference: the same bytes over a plain HttpURLConnection, thrown away.
 */
public final class CopyLauncher {

    private static final int BUFFER_BYTES = 64 * 1024;

    private CopyLauncher() {
    }

    public static void main(String[] args) {
        ChildMarkers.mark(ChildMarkers.MAIN, "");
        try {
            URI source = URI.create(args[1]);
            long bytes = args[0].equals("copy") ? copy(source, args[2]) : download(source);
            ChildMarkers.mark(ChildMarkers.BYTES, bytes);
            ChildMarkers.finish();
        } catch (Throwable e) {
            ChildMarkers.fail(e);
        }
    }

    private static long copy(URI source, String key) throws Exception {
        Config config = new Config(System.getenv());
        MediaStore media = new AwsAdapters(config, Clock.systemUTC()).media();
        SafeHttpFetcher fetcher = new SafeHttpFetcher(AddressPolicy.from(config));
        long start = System.nanoTime();
        try (OpenResponse response = fetcher.open(source)) {
            MediaStore.StoredObject stored = media.copyIn(key, response.body(), response.contentLength());
            ChildMarkers.mark(ChildMarkers.COPY_MS, ChildMarkers.millisSince(start));
            ChildMarkers.mark(ChildMarkers.RESPONSE, stored.contentType() + " " + stored.sha256());
            return stored.bytes();
        }
    }

    private static long download(URI source) throws Exception {
        long start = System.nanoTime();
        HttpURLConnection connection = (HttpURLConnection) source.toURL().openConnection();
        int status = connection.getResponseCode();
        long total = 0;
        try (InputStream in = connection.getInputStream()) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        } finally {
            connection.disconnect();
        }
        ChildMarkers.mark(ChildMarkers.COPY_MS, ChildMarkers.millisSince(start));
        ChildMarkers.mark(ChildMarkers.RESPONSE, "status " + status);
        return total;
    }
}
