package dev.videojobs.local.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.local.stack.ApiClient;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.awaitility.core.ConditionTimeoutException;

/** Small helpers shared by the provider end-to-end tests: input images as data: URIs, waiting for a job to end. */
final class E2eJobs {

    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled", "expired");

    private E2eJobs() {
    }

    /** The sample photo shipped with the local module, as a data: URI. */
    static String sampleImage() throws Exception {
        try (InputStream image = E2eJobs.class.getResourceAsStream("/sample/lighthouse.jpg")) {
            return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(image.readAllBytes());
        }
    }

    /** A valid PNG (both sides >= 300 px) whose pixels depend on {@code seed}, so that two seeds give two images. */
    static String generatedImage(int seed, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            Color background = Color.getHSBColor((seed * 0.27f) % 1f, 0.6f, 0.9f);
            g.setPaint(new GradientPaint(0, 0, background, width, height, background.darker().darker()));
            g.fillRect(0, 0, width, height);
            g.setColor(Color.getHSBColor((seed * 0.27f + 0.5f) % 1f, 0.8f, 0.7f));
            g.fillOval(width / 4 + seed * 7, height / 4, width / 2, height / 2);
        } finally {
            g.dispose();
        }
        return dataUri(image, "png");
    }

    private static String dataUri(BufferedImage image, String format) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, bytes)) {
            throw new IllegalStateException("no " + format + " writer");
        }
        return "data:image/" + format + ";base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** Polls GET /v1/jobs/{id} until the job is in a terminal state (or the deadline passes), and returns it. */
    static JsonNode awaitTerminal(ApiClient api, String jobId, Duration deadline) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            await("job " + jobId + " to end").atMost(deadline).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        JsonNode job = api.get("/v1/jobs/" + jobId).body();
                        last.set(job);
                        return TERMINAL.contains(job.path("status").asText());
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("job " + jobId + " did not end within " + deadline + "; last seen: " + last.get(), e);
        }
        return last.get();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
